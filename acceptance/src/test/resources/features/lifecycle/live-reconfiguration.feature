@nvml
Feature: Changing the configuration of a running plugin
  A SIGHUP or a change of the config file reconfigures the plugin without a restart. Resources
  that do not change keep serving untouched; a broken new config is refused and the running one
  stays in force, so a typo never drops a node's GPUs.

  Scenario: Adding time-slicing on reload changes the capacity
    Given a simulated node "a100-mig"
    And the flag "--mig-strategy=mixed"
    And the config file:
      """
      version: v1
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 2
    When the config file is changed to:
      """
      version: v1
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 4
      """
    And the plugin receives SIGHUP
    Then the kubelet sees "nvidia.com/gpu" with capacity 8
    And the resource "nvidia.com/mig-1g.5gb" kept serving on the same socket without registering again

  Scenario: A broken config on reload keeps the old one
    Given a simulated node "dgx-a100"
    And the config file:
      """
      version: v1
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 8
    When the config file is changed to:
      """
      version: v1
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 1
      """
    And the plugin receives SIGHUP
    Then the log says "number of replicas must be >= 2"
    And the kubelet sees "nvidia.com/gpu" with capacity 8

  Scenario: A resource that disappears is emptied and then stops
    Given a simulated node "dgx-a100"
    And the config file:
      """
      version: v1
      sharing:
        timeSlicing:
          renameByDefault: true
          resources:
          - name: nvidia.com/gpu
            replicas: 2
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu.shared" with capacity 16
    When the config file is changed to:
      """
      version: v1
      """
    Then the kubelet sees "nvidia.com/gpu" with capacity 8
    And the kubelet sees "nvidia.com/gpu.shared" with capacity 0
