@nvml-only
Feature: Discovering GPUs through NVML
  With --device-discovery-strategy=nvml the plugin loads libnvidia-ml.so.1. On a node where the
  library is missing, failOnInitError decides between exiting with upstream's hints and idling
  without resources; DP_DISABLE_HEALTHCHECKS=all stops the plugin from listening to NVML's Xid
  events. These scenarios pick NVML themselves, so every tier runs them the same way.

  Scenario: failOnInitError true stops the plugin when libnvidia-ml.so.1 is missing
    Given a simulated node "t4x4"
    And the flag "--device-discovery-strategy=nvml"
    And the flag "--nvml-library=/nonexistent/libnvidia-ml.so.1"
    And the config file:
      """
      version: v1
      flags:
        failOnInitError: true
      """
    When the plugin starts
    Then the plugin exits with code 1
    And the error output contains "Failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND."
    And the error output contains "If this is a GPU node, did you set the docker default runtime to `nvidia`?"

  Scenario: failOnInitError false keeps the plugin up without resources when libnvidia-ml.so.1 is missing
    Given a simulated node "t4x4"
    And the flag "--device-discovery-strategy=nvml"
    And the flag "--nvml-library=/nonexistent/libnvidia-ml.so.1"
    And the config file:
      """
      version: v1
      flags:
        failOnInitError: false
      """
    When the plugin starts
    Then the plugin keeps running without any device plugin socket
    And the kubelet sees no resource
    And the log says "Failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND."
    And the log says "GPU discovery failed and failOnInitError is false: serving no resources."

  Scenario: An Xid from NVML marks only its GPU unhealthy
    Given the fake NVML library shows the node "t4x4"
    When the plugin starts on the fake NVML library
    And the fake NVML library reports Xid 79 on GPU 2
    Then within 5 seconds GPU 2 advertised by the NVML plugin is unhealthy and every other GPU is healthy

  Scenario: DP_DISABLE_HEALTHCHECKS=all ignores an Xid from NVML
    Given the fake NVML library shows the node "t4x4"
    And the NVML plugin's environment variable "DP_DISABLE_HEALTHCHECKS" is "all"
    When the plugin starts on the fake NVML library
    And the fake NVML library reports Xid 79 on GPU 2
    Then the NVML plugin's log says "Health checks are disabled (DP_DISABLE_HEALTHCHECKS)."
    And for 2 seconds every GPU the NVML plugin advertises stays healthy
