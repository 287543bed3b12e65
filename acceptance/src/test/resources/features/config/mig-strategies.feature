@nvml
Feature: Choosing how MIG devices are advertised
  The node "a100-mig" has four A100 GPUs: GPUs 0 and 1 are partitioned into MIG devices of
  several profiles, GPUs 2 and 3 are not partitioned.

  Scenario: With migStrategy none every GPU is advertised whole
    Given a simulated node "a100-mig"
    And the config file:
      """
      version: v1
      flags:
        migStrategy: none
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 4
    And the kubelet sees no other resource

  Scenario: With migStrategy single a node holding several MIG profiles is refused
    Given a simulated node "a100-mig"
    And the config file:
      """
      version: v1
      flags:
        migStrategy: single
      """
    When the plugin starts
    Then the plugin exits with code 1
    And the error output contains "invalid MIG configuration"

  Scenario: With migStrategy single uniform MIG devices are advertised as nvidia.com/gpu
    Given a simulated node "a100-mig-single"
    And the config file:
      """
      version: v1
      flags:
        migStrategy: single
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 14
    And the kubelet sees no other resource

  Scenario: With migStrategy mixed each MIG profile is its own resource
    Given a simulated node "a100-mig"
    And the config file:
      """
      version: v1
      flags:
        migStrategy: mixed
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 2
    And the kubelet sees "nvidia.com/mig-1g.5gb"
    And the kubelet sees "nvidia.com/mig-2g.10gb"
    And the kubelet sees "nvidia.com/mig-3g.20gb"
    When a pod requests 1 "nvidia.com/mig-1g.5gb"
    Then the container's environment has "NVIDIA_VISIBLE_DEVICES" matching "MIG-[0-9a-f-]+"
