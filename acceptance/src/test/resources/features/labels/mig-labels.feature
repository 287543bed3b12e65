@nvml
Feature: MIG strategies in the node labels
  With `--mig-strategy` (or `flags.migStrategy`) single or mixed, the labels add
  `nvidia.com/mig.strategy` and describe the MIG devices the way the device plugin advertises them.

  Scenario: mixed labels each MIG profile as a resource of its own, beside the full GPUs
    Given gpu-feature-discovery runs on the simulated node "a100-mig"
    And its flag "--mig-strategy=mixed"
    When it labels the node once
    Then it exits with code 0
    And the node's labels include:
      | nvidia.com/mig.capable                      | true                              |
      | nvidia.com/mig.strategy                     | mixed                             |
      | nvidia.com/gpu.product                      | NVIDIA-A100-SXM4-40GB             |
      | nvidia.com/gpu.count                        | 4                                 |
      | nvidia.com/gpu.memory                       | 40960                             |
      | nvidia.com/mig-1g.5gb.product               | NVIDIA-A100-SXM4-40GB-MIG-1g.5gb  |
      | nvidia.com/mig-1g.5gb.count                 | 5                                 |
      | nvidia.com/mig-1g.5gb.replicas              | 1                                 |
      | nvidia.com/mig-1g.5gb.memory                | 5120                              |
      | nvidia.com/mig-1g.5gb.multiprocessors       | 14                                |
      | nvidia.com/mig-1g.5gb.slices.gi             | 1                                 |
      | nvidia.com/mig-1g.5gb.slices.ci             | 1                                 |
      | nvidia.com/mig-1g.5gb.engines.copy          | 1                                 |
      | nvidia.com/mig-1g.5gb.engines.decoder       | 0                                 |
      | nvidia.com/mig-1g.5gb.engines.encoder       | 0                                 |
      | nvidia.com/mig-1g.5gb.engines.jpeg          | 0                                 |
      | nvidia.com/mig-1g.5gb.engines.ofa           | 0                                 |
      | nvidia.com/mig-2g.10gb.product              | NVIDIA-A100-SXM4-40GB-MIG-2g.10gb |
      | nvidia.com/mig-2g.10gb.count                | 3                                 |
      | nvidia.com/mig-2g.10gb.memory               | 10240                             |
      | nvidia.com/mig-2g.10gb.multiprocessors      | 28                                |
      | nvidia.com/mig-2g.10gb.engines.decoder      | 1                                 |
      | nvidia.com/mig-3g.20gb.product              | NVIDIA-A100-SXM4-40GB-MIG-3g.20gb |
      | nvidia.com/mig-3g.20gb.count                | 1                                 |
      | nvidia.com/mig-3g.20gb.slices.gi            | 3                                 |

  Scenario: single on a node whose GPUs all hold one MIG profile labels the MIG devices as its GPUs
    Given gpu-feature-discovery runs on the simulated node "a100-mig-single"
    And its flag "--mig-strategy=single"
    When it labels the node once
    Then it exits with code 0
    And the node's labels include:
      | nvidia.com/mig.strategy          | single                           |
      | nvidia.com/gpu.product           | NVIDIA-A100-SXM4-40GB-MIG-1g.5gb |
      | nvidia.com/gpu.count             | 14                               |
      | nvidia.com/gpu.replicas          | 1                                |
      | nvidia.com/gpu.memory            | 5120                             |
      | nvidia.com/gpu.multiprocessors   | 14                               |
      | nvidia.com/gpu.slices.gi         | 1                                |
      | nvidia.com/gpu.family            | ampere                           |
    And the node has no label "nvidia.com/mig-1g.5gb.count"

  Scenario: single with time-slicing shares the MIG devices
    Given gpu-feature-discovery runs on the simulated node "a100-mig-single"
    And its config file:
      """
      version: v1
      flags:
        migStrategy: single
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 3
      """
    When it labels the node once
    Then the node's labels include:
      | nvidia.com/gpu.product  | NVIDIA-A100-SXM4-40GB-MIG-1g.5gb-SHARED |
      | nvidia.com/gpu.replicas | 3                                       |

  Scenario: single on a node that mixes MIG and full GPUs says INVALID and why
    Given gpu-feature-discovery runs on the simulated node "a100-mig"
    And its flag "--mig-strategy=single"
    When it labels the node once
    Then it exits with code 0
    And the node's labels include:
      | nvidia.com/mig.strategy | single                            |
      | nvidia.com/gpu.product  | NVIDIA-A100-SXM4-40GB-MIG-INVALID |
      | nvidia.com/gpu.count    | 0                                 |
      | nvidia.com/gpu.replicas | 0                                 |
      | nvidia.com/gpu.memory   | 0                                 |
    And its log says "Invalid configuration detected for mig-strategy=single: devices with MIG enabled and disable detected"
