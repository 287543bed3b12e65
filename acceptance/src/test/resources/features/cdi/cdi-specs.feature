@nvml
Feature: CDI specs for the cdi-annotations and cdi-cri strategies
  With a cdi-* device list strategy, Allocate names CDI devices instead of passing an env var, and
  a CDI-enabled runtime (containerd 1.7 with enable_cdi, CRI-O) looks those names up in the spec
  files of /var/run/cdi. The plugin writes those files itself, at start and whenever a reload
  changes what they say: k8s.device-plugin.nvidia.com-gpu.json defines every GPU and every MIG
  device of the node, named by the device ID strategy, each with its own device nodes; the
  driver's libraries, firmware, tools and control nodes come with every device. The plugin reads
  the driver through its mount of the host's driver root (containerDriverRoot) and writes the
  paths as the host sees them (nvidiaDriverRoot).

  Scenario: Index IDs on a DGX A100 resolve to the GPUs' own device nodes
    Given a simulated node "dgx-a100"
    And the config file:
      """
      version: v1
      flags:
        plugin:
          deviceListStrategy: cdi-annotations
          deviceIDStrategy: index
      """
    When the plugin starts
    And a pod requests 2 "nvidia.com/gpu"
    Then the container has an annotation named like "cdi.k8s.io/nvidia-device-plugin_[0-9a-f-]+" with a value matching "k8s.device-plugin.nvidia.com/gpu=[0-7],k8s.device-plugin.nvidia.com/gpu=[0-7]"
    And every CDI name the container got is a device of the written spec with exactly its device nodes
    And the container has no mounts

  Scenario: MIG devices of the mixed strategy resolve to their GPU's node and their capability nodes
    Given a simulated node "a100-mig"
    And the flag "--mig-strategy=mixed"
    And the config file:
      """
      version: v1
      flags:
        plugin:
          deviceListStrategy: [cdi-cri]
      """
    When the plugin starts
    And a pod requests 1 "nvidia.com/mig-1g.5gb"
    Then every CDI name the container got is a device of the written spec with exactly its device nodes
    When a pod requests 1 "nvidia.com/mig-3g.20gb"
    Then every CDI name the container got is a device of the written spec with exactly its device nodes
    When a pod requests 1 "nvidia.com/gpu"
    Then every CDI name the container got is a device of the written spec with exactly its device nodes

  Scenario: Time-slicing replicas resolve to the device of the GPU they share
    Given a simulated node "t4x4"
    And the config file:
      """
      version: v1
      flags:
        plugin:
          deviceListStrategy: [envvar, cdi-annotations]
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 4
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 16
    When a pod requests 1 "nvidia.com/gpu"
    Then every CDI name the container got is a device of the written spec with exactly its device nodes
    And the container's environment has "NVIDIA_VISIBLE_DEVICES" matching "GPU-[0-9a-f-]+"

  Scenario: A reload that turns CDI on writes the spec before Allocate names its devices
    Given a simulated node "t4x4"
    And the config file:
      """
      version: v1
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 4
    And the CDI spec directory holds no spec of the plugin
    When the config file is changed to:
      """
      version: v1
      flags:
        plugin:
          deviceListStrategy: cdi-annotations
      """
    And pods request 1 "nvidia.com/gpu" until the answer names CDI devices
    Then every CDI name the container got is a device of the written spec with exactly its device nodes

  Scenario: A reload that turns CDI off removes the plugin's specs
    Given a simulated node "t4x4"
    And the config file:
      """
      version: v1
      flags:
        plugin:
          deviceListStrategy: cdi-cri
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 4
    And the CDI spec directory holds the plugin's spec "k8s.device-plugin.nvidia.com-gpu.json"
    When the config file is changed to:
      """
      version: v1
      flags:
        plugin:
          deviceListStrategy: envvar
      """
    Then the CDI spec directory holds no spec of the plugin
    When a pod requests 1 "nvidia.com/gpu"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" matching "GPU-[0-9a-f-]+"

  Scenario: A driver root the plugin cannot read stops the start, naming the path
    Given a simulated node "t4x4"
    And the flag "--device-list-strategy=cdi-annotations"
    And the flag "--container-driver-root=/nonexistent/driver-root"
    When the plugin starts
    Then the plugin exits with code 1
    And the error output shows the one-line message "cannot read the driver root /nonexistent/driver-root: not a readable directory" and no stack trace

  Scenario: A driver root without the running driver's libcuda stops the start, naming the ld cache
    Given a simulated node "t4x4"
    And the simulated driver root has no "usr/lib/x86_64-linux-gnu/libcuda.so.535.104.05"
    And the flag "--device-list-strategy=cdi-annotations"
    When the plugin starts
    Then the plugin exits with code 1
    And the error output shows the one-line message "no libcuda.so.535.104.05 in the folders that the ld cache <work>/driver-root/etc/ld.so.cache lists for libcuda.so" and no stack trace

  Scenario: A spec directory that is a file stops the start, naming it
    Given a simulated node "t4x4"
    And the CDI spec directory is a file
    And the flag "--device-list-strategy=cdi-cri"
    When the plugin starts
    Then the plugin exits with code 1
    And the error output shows the one-line message "the CDI spec directory <work>/cdi is not a directory" and no stack trace

  Scenario: A reload whose spec cannot be written is refused and the running configuration stays
    Given a simulated node "t4x4"
    And the CDI spec directory is a file
    And the config file:
      """
      version: v1
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 4
    When the config file is changed to:
      """
      version: v1
      flags:
        plugin:
          deviceListStrategy: cdi-annotations
      """
    Then the log says "Ignoring the new configuration, the running one stays in force: the CDI spec directory"
    When a pod requests 1 "nvidia.com/gpu"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" matching "GPU-[0-9a-f-]+"
