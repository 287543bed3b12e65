Feature: Tegra systems and platform detection
  On Jetson and IGX-style Tegra systems the GPU is integrated: there is no NVML and no /dev/nvidiaN.
  The plugin serves it as one device named "tegra" (index 0), matched against the resource patterns
  like a GPU name, without device nodes, NUMA node, health checks or CDI. With
  --device-discovery-strategy=auto (the default) the plugin looks for libnvidia-ml.so.1 and for the
  Tegra marker files (/etc/nv_tegra_release, or /sys/devices/soc0/family starting with "tegra") and
  logs what it found; --device-discovery-strategy=tegra serves the integrated GPU without looking.

  Scenario: A Tegra system offers its integrated GPU as one nvidia.com/gpu
    Given a simulated node "jetson-orin"
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 1
    And the kubelet sees no other resource

  Scenario: Time-slicing shares the integrated GPU
    Given a simulated node "jetson-orin"
    And the config file:
      """
      version: v1
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 4
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 4

  Scenario: A container gets the integrated GPU by the name tegra, without device nodes
    Given a simulated node "jetson-orin"
    And the flag "--pass-device-specs=true"
    When the plugin starts
    And a pod requests 1 "nvidia.com/gpu"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" = "tegra"
    And the container has no device specs

  Scenario: CDI is turned off on a Tegra system
    Given a simulated node "jetson-orin"
    And the flag "--device-list-strategy=envvar,cdi-annotations"
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 1
    And the log says "CDI is not supported; disabling CDI."

  Scenario: --device-discovery-strategy=tegra serves the integrated GPU without looking for it
    Given the node has no Tegra marker files
    And libnvidia-ml.so.1 cannot be loaded
    And the flag "--device-discovery-strategy=tegra"
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 1

  Scenario: auto finds a Tegra system by its release file when NVML does not load
    Given the node's file "/etc/nv_tegra_release" contains "# R35 (release), REVISION: 4.1"
    And libnvidia-ml.so.1 cannot be loaded
    And the flag "--device-discovery-strategy=auto"
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 1
    And the log says "Detected non-NVML platform: could not load NVML: "
    And the log says "/etc/nv_tegra_release found"
    And the log says "Detected Tegra platform: "

  Scenario: auto finds a Tegra system by its SoC family
    Given the node's file "/sys/devices/soc0/family" contains "Tegra234"
    And libnvidia-ml.so.1 cannot be loaded
    And the flag "--device-discovery-strategy=auto"
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 1
    And the log says "/sys/devices/soc0/family has 'tegra' prefix"

  Scenario: NVML wins over the Tegra markers, with a warning
    Given the node's file "/etc/nv_tegra_release" contains "# R35 (release), REVISION: 4.1"
    And libnvidia-ml.so.1 is the fake NVML library showing the node "t4x4"
    And the flag "--device-discovery-strategy=auto"
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 4
    And the log says "Detected NVML platform: found NVML library"
    And the log says "Detected Tegra platform: "
    And the log says "Disabling Tegra-based resources on NVML system"

  Scenario: Neither NVML nor Tegra stops the plugin when failOnInitError is true
    Given the node has no Tegra marker files
    And libnvidia-ml.so.1 cannot be loaded
    And the flag "--device-discovery-strategy=auto"
    When the plugin starts
    Then the plugin exits with code 1
    And the error output contains "/sys/devices/soc0/family file not found"
    And the error output contains "Incompatible platform detected"
    And the error output shows the one-line message "platform detection failed" and no stack trace

  Scenario: Neither NVML nor Tegra keeps the plugin up without resources when failOnInitError is false
    Given the node has no Tegra marker files
    And libnvidia-ml.so.1 cannot be loaded
    And the flag "--device-discovery-strategy=auto"
    And the config file:
      """
      version: v1
      flags:
        failOnInitError: false
      """
    When the plugin starts
    Then the plugin keeps running without any device plugin socket
    And the kubelet sees no resource
    And the log says "Incompatible platform detected"
