@nvml
Feature: How a container learns which devices it got
  deviceIDStrategy chooses UUIDs or indices; deviceListStrategy chooses an env var, volume
  mounts or CDI annotations; passDeviceSpecs adds the device nodes for CPUManager compatibility.

  Scenario: deviceIDStrategy index passes GPU indices
    Given a simulated node "t4x4"
    And the config file:
      """
      version: v1
      flags:
        plugin:
          deviceIDStrategy: index
      """
    When the plugin starts
    And a pod requests 1 "nvidia.com/gpu"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" matching "[0-3]"

  Scenario: deviceListStrategy volume-mounts lists the devices as mounts
    Given a simulated node "t4x4"
    And the config file:
      """
      version: v1
      flags:
        plugin:
          deviceListStrategy: volume-mounts
      """
    When the plugin starts
    And a pod requests 1 "nvidia.com/gpu"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" = "/var/run/nvidia-container-devices"
    And the container has a mount of "/dev/null" at a path matching "/var/run/nvidia-container-devices/GPU-[0-9a-f-]+"

  Scenario: deviceListStrategy cdi-annotations names the devices in a CDI annotation
    Given a simulated node "t4x4"
    And the config file:
      """
      version: v1
      flags:
        plugin:
          deviceListStrategy:
          - cdi-annotations
      """
    When the plugin starts
    And a pod requests 1 "nvidia.com/gpu"
    Then the container has an annotation named like "cdi.k8s.io/nvidia-device-plugin_[0-9a-f-]+" with a value matching "k8s.device-plugin.nvidia.com/gpu=GPU-[0-9a-f-]+"

  Scenario: passDeviceSpecs with a driver root passes the device nodes from under that root
    Given a simulated node "t4x4"
    And the config file:
      """
      version: v1
      flags:
        nvidiaDriverRoot: /run/nvidia/driver
        plugin:
          passDeviceSpecs: true
          deviceIDStrategy: index
      """
    When the plugin starts
    And a pod requests 1 "nvidia.com/gpu"
    Then the container has a device spec matching "/dev/nvidia[0-3]" from a host path matching "/run/nvidia/driver/dev/nvidia[0-3]" with permissions "rw"
