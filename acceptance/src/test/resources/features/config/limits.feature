Feature: Bounded work: a config cannot make the plugin exhaust its memory
  A resource advertises at most 16,384 devices (GPUs or MIG devices times replicas) and a node at
  most 32,768. A config past a limit is refused with one line naming it: at start the plugin exits
  1 and leaves no socket behind; on reload the running config stays in force.

  Scenario: Replicas up to the limit are served with the image's memory settings
    Given a simulated node "dgx-a100"
    And the plugin runs with the image's JVM options
    And the config file:
      """
      version: v1
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 2048
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 16384
    And the plugin is still running

  Scenario: Replicas past the limit at start are one line and exit 1
    Given a simulated node "dgx-a100"
    And the plugin runs with the image's JVM options
    And the config file:
      """
      version: v1
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 100000
      """
    When the plugin starts
    Then the plugin exits with code 1
    And the error output shows the one-line message "sharing.timeSlicing resource 'nvidia.com/gpu' with replicas 100000 on 8 devices would advertise 800000 devices as 'nvidia.com/gpu', over the limit of 16384 devices per resource" and no stack trace
    And no device plugin socket is left behind

  Scenario: Replicas past the limit on reload keep the running config
    Given a simulated node "dgx-a100"
    And the plugin runs with the image's JVM options
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
            replicas: 100000
      """
    And the plugin receives SIGHUP
    Then the log says "over the limit of 16384 devices per resource"
    And the kubelet sees "nvidia.com/gpu" with capacity 8
    And the plugin is still running
