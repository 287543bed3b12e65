Feature: What happens when the plugin cannot start as configured
  On a node where GPU discovery fails, failOnInitError decides between exiting (the default) and
  idling without resources, so that a DaemonSet can also run on nodes without GPUs. A broken
  configuration always stops the plugin with a one-line message.

  Scenario: failOnInitError true stops the plugin when discovery fails
    Given a simulated node "discovery-failure"
    And the config file:
      """
      version: v1
      flags:
        failOnInitError: true
      """
    When the plugin starts
    Then the plugin exits with code 1

  Scenario: failOnInitError false keeps the plugin up without resources
    Given a simulated node "discovery-failure"
    And the config file:
      """
      version: v1
      flags:
        failOnInitError: false
      """
    When the plugin starts
    Then the plugin keeps running without any device plugin socket
    And the kubelet sees no resource

  Scenario: An invalid config file stops the plugin with its message
    Given a simulated node "dgx-a100"
    And the config file:
      """
      version: v2
      """
    When the plugin starts
    Then the plugin exits with code 1
    And the error output shows the one-line message "unknown version: v2" and no stack trace
