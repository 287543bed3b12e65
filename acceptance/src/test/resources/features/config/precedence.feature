Feature: Where an option's value comes from
  A command-line flag beats an environment variable, which beats the config file, which beats the
  built-in default; each option is decided on its own.

  Background:
    Given a simulated node "t4x4"
    And the config file:
      """
      version: v1
      flags:
        plugin:
          deviceIDStrategy: index
      """

  Scenario: The config file beats the default
    When the plugin starts
    And a pod requests 1 "nvidia.com/gpu"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" matching "[0-3]"

  Scenario: An environment variable beats the config file
    Given the environment variable "DEVICE_ID_STRATEGY" is "uuid"
    When the plugin starts
    And a pod requests 1 "nvidia.com/gpu"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" matching "GPU-[0-9a-f-]+"

  Scenario: A flag beats the environment variable
    Given the environment variable "DEVICE_ID_STRATEGY" is "uuid"
    And the flag "--device-id-strategy=index"
    When the plugin starts
    And a pod requests 1 "nvidia.com/gpu"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" matching "[0-3]"
