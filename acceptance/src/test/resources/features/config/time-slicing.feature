@nvml
Feature: Sharing GPUs by time-slicing
  With sharing.timeSlicing, each GPU is advertised several times so that several pods can share it.

  Scenario: Ten replicas of each of eight GPUs give a capacity of eighty
    Given a simulated node "dgx-a100"
    And the config file:
      """
      version: v1
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 10
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 80

  Scenario: renameByDefault advertises the replicas as nvidia.com/gpu.shared
    Given a simulated node "dgx-a100"
    And the config file:
      """
      version: v1
      sharing:
        timeSlicing:
          renameByDefault: true
          resources:
          - name: nvidia.com/gpu
            replicas: 10
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu.shared" with capacity 80
    And the kubelet does not see "nvidia.com/gpu"

  Scenario: failRequestsGreaterThanOne rejects a request for two replicas and accepts one
    Given a simulated node "dgx-a100"
    And the config file:
      """
      version: v1
      sharing:
        timeSlicing:
          failRequestsGreaterThanOne: true
          resources:
          - name: nvidia.com/gpu
            replicas: 10
      """
    When the plugin starts
    And a pod requests 2 "nvidia.com/gpu"
    Then the allocation fails with "request for 'nvidia.com/gpu: 2' too large: maximum request size for shared resources is 1"
    When a pod requests 1 "nvidia.com/gpu"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" matching "GPU-[0-9a-f-]+"
