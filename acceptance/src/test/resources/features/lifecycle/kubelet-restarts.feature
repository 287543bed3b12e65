@nvml
Feature: Surviving kubelet restarts
  When kubelet restarts it forgets every device plugin. The plugin notices the new kubelet socket
  and registers every resource again within a second, so the node never reports zero GPUs.

  Scenario: Twenty kubelet restarts in a row
    Given a simulated node "a100-mig"
    And the flag "--mig-strategy=mixed"
    When the plugin starts
    Then after each of 20 kubelet restarts every resource is registered again within 1 second with its devices intact

  Scenario: The plugin waits for a kubelet that is not there yet
    Given a simulated node "t4x4"
    And no kubelet is running yet
    When the plugin starts
    And the kubelet starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 4
