@nvml
Feature: GPU health that recovers
  An Xid error marks every device derived from the GPU unhealthy, and only those. After a quiet
  period the GPU is checked again and its devices come back. A lost GPU stays unhealthy until it
  is back, and never breaks allocation for the rest of the node.

  Scenario: An Xid on GPU 3 marks its four replicas unhealthy, then they recover
    Given a simulated node "dgx-a100"
    And the flag "--health-recovery-interval=2s"
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
    And GPU 3 reports Xid 79
    Then within 1 second the 4 replicas of GPU 3 are unhealthy and every other device is healthy
    And within 5 seconds every device of "nvidia.com/gpu" is healthy

  Scenario: An ignored Xid changes nothing
    Given a simulated node "dgx-a100"
    When the plugin starts
    And GPU 3 reports Xid 13
    Then for 1 second every device of "nvidia.com/gpu" stays healthy

  Scenario: A lost GPU is left out of preferred allocations
    Given a simulated node "dgx-a100"
    When the plugin starts
    And GPU 5 is lost
    Then within 1 second GPU 5 is unhealthy
    And a preferred allocation of 4 "nvidia.com/gpu" from all devices succeeds without GPU 5
