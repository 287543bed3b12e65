@nvml
Feature: GPU feature discovery labels a node's GPUs
  `gpu-feature-discovery` (in the same image, `java -jar nvidia-device-plugin.jar gpu-feature-discovery`)
  writes node-feature-discovery's feature file, one `key=value` line per label, which NFD turns into
  node labels. Pods select GPU models, memory sizes, architectures and shared GPUs with them.
  The labels are those gpu-feature-discovery v0.8.1 writes, label for label. (The scenarios run
  with `--no-timestamp`; without it `nvidia.com/gfd.timestamp` holds the Unix time of the write.)

  Scenario: A plain node gets its driver, machine and GPU labels
    Given gpu-feature-discovery runs on the simulated node "t4x4"
    And the machine type file reads "ProLiant DL380 Gen10"
    When it labels the node once
    Then it exits with code 0
    And the node's labels are exactly:
      | nvidia.com/cuda.driver.major  | 535                  |
      | nvidia.com/cuda.driver.minor  | 104                  |
      | nvidia.com/cuda.driver.rev    | 05                   |
      | nvidia.com/cuda.runtime.major | 12                   |
      | nvidia.com/cuda.runtime.minor | 2                    |
      | nvidia.com/gpu.machine        | ProLiant-DL380-Gen10 |
      | nvidia.com/mig.capable        | false                |
      | nvidia.com/gpu.product        | Tesla-T4             |
      | nvidia.com/gpu.count          | 4                    |
      | nvidia.com/gpu.replicas       | 1                    |
      | nvidia.com/gpu.memory         | 15360                |
      | nvidia.com/gpu.family         | turing               |
      | nvidia.com/gpu.compute.major  | 7                    |
      | nvidia.com/gpu.compute.minor  | 5                    |

  Scenario: An unreadable machine type file labels the machine unknown
    Given gpu-feature-discovery runs on the simulated node "t4x4"
    And its flag "--machine-type-file=/nonexistent/product_name"
    When it labels the node once
    Then it exits with code 0
    And the node's labels include:
      | nvidia.com/gpu.machine | unknown |
    And its log says "error getting machine type from /nonexistent/product_name"

  Scenario: Time-slicing without renaming says SHARED in the product
    Given gpu-feature-discovery runs on the simulated node "t4x4"
    And its config file:
      """
      version: v1
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 4
      """
    When it labels the node once
    Then the node's labels include:
      | nvidia.com/gpu.product  | Tesla-T4-SHARED |
      | nvidia.com/gpu.replicas | 4               |
      | nvidia.com/gpu.count    | 4               |

  Scenario: Time-slicing with renameByDefault keeps the product, the resource name tells
    Given gpu-feature-discovery runs on the simulated node "t4x4"
    And its config file:
      """
      version: v1
      sharing:
        timeSlicing:
          renameByDefault: true
          resources:
          - name: nvidia.com/gpu
            replicas: 4
      """
    When it labels the node once
    Then the node's labels include:
      | nvidia.com/gpu.product  | Tesla-T4 |
      | nvidia.com/gpu.replicas | 4        |

  Scenario: Switching the node's config through config-manager changes its labels
    The config-manager sidecar re-points the config file when the node's
    `nvidia.com/device-plugin.config` label changes, and sends SIGHUP; the labeller relabels at once.
    Given gpu-feature-discovery runs on the simulated node "t4x4"
    And the node's available config "plain":
      """
      version: v1
      """
    And the node's available config "shared":
      """
      version: v1
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 2
      """
    And config-manager has selected "plain"
    When it labels the node every 300 seconds
    Then the node's labels include:
      | nvidia.com/gpu.product  | Tesla-T4 |
      | nvidia.com/gpu.replicas | 1        |
    When config-manager switches the node to "shared"
    Then the node's labels include:
      | nvidia.com/gpu.product  | Tesla-T4-SHARED |
      | nvidia.com/gpu.replicas | 2               |
