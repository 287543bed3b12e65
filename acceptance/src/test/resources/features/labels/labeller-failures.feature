Feature: When gpu-feature-discovery cannot label the node
  A failed NVML initialisation ends the labeller with exit code 1, unless `--fail-on-init-error=false`
  (`flags.failOnInitError: false`), which writes an empty feature file, so a DaemonSet can run on
  nodes without GPUs. Bad input gets one line, never a stack trace.

  Scenario: NVML fails to initialise: exit 1 with one line
    Given gpu-feature-discovery runs on the simulated node "discovery-failure"
    When it labels the node once
    Then it exits with code 1
    And its error is the one line "error creating NVML labeler: Failed to initialize NVML: ERROR_DRIVER_NOT_LOADED."
    And no feature file is written

  Scenario: NVML fails to initialise with fail-on-init-error=false: an empty feature file
    Given gpu-feature-discovery runs on the simulated node "discovery-failure"
    And its flag "--fail-on-init-error=false"
    When it labels the node once
    Then it exits with code 0
    And the feature file is empty

  Scenario: An output directory that does not exist
    Given gpu-feature-discovery runs on the simulated node "t4x4"
    And its flag "--output-file=/nonexistent/features.d/gfd"
    When it labels the node once
    Then it exits with code 1
    And its error is the one line "error writing file '/nonexistent/features.d/gfd': the directory /nonexistent/features.d does not exist"

  Scenario: A bad flags.gfd value in the config file
    Given gpu-feature-discovery runs on the simulated node "t4x4"
    And its config file:
      """
      version: v1
      flags:
        gfd:
          sleepInterval: soon
      """
    When it labels the node once
    Then it exits with code 1
    And its error is the one line "unable to load config: unable to finalize config: unable to parse config file:"
