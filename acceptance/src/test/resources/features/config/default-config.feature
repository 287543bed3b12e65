@nvml
Feature: Running with the default configuration
  An operator who deploys the plugin with no config file, flag or env var gets every GPU of the
  node advertised as nvidia.com/gpu, and a pod sees the GPUs it was given by their UUIDs.

  Scenario: Every GPU of the node is advertised as nvidia.com/gpu
    Given a simulated node "dgx-a100"
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 8
    And the kubelet sees no other resource

  Scenario: A pod asking for one GPU sees it by UUID
    Given a simulated node "dgx-a100"
    When the plugin starts
    And a pod requests 1 "nvidia.com/gpu"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" matching "GPU-[0-9a-f]{8}-[0-9a-f-]{27}"
    And the container has no mounts
    And the container has no device specs
