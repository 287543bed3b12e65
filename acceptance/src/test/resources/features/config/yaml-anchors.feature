Feature: A config file is read as YAML, anchors and merge keys included
  Anchors, aliases and merge keys (`<<`) are resolved as YAML defines them, so a config that
  repeats itself through them runs exactly as the same config written out in full. A file that
  abuses aliases to grow without bound is refused in one line.

  Scenario: Anchors, aliases and merge keys give the same running config as the plain file
    Given a simulated node "dgx-a100"
    And the config file:
      """
      x-root: &root /run/nvidia/driver
      x-replicas: &replicas 4
      x-shared: &shared
        name: nvidia.com/gpu
        replicas: 2
      version: v1
      flags:
        migStrategy: none
        nvidiaDriverRoot: *root
        plugin:
          deviceListStrategy: &list [envvar, volume-mounts]
      sharing:
        timeSlicing:
          resources:
          - <<: *shared
            replicas: *replicas
      """
    When the plugin starts
    Then the kubelet sees "nvidia.com/gpu" with capacity 32
    And the running config is the same as with the config file:
      """
      version: v1
      flags:
        migStrategy: none
        nvidiaDriverRoot: /run/nvidia/driver
        plugin:
          deviceListStrategy: [envvar, volume-mounts]
      sharing:
        timeSlicing:
          resources:
          - name: nvidia.com/gpu
            replicas: 4
      """

  Scenario: A billion laughs is refused at start in one line
    Given a simulated node "t4x4"
    And the plugin runs with the image's JVM options
    And the config file:
      """
      a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
      b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
      d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
      e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
      f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
      g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
      h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
      i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
      version: v1
      """
    When the plugin starts
    Then the plugin exits with code 1
    And the error output shows the one-line message "unmarshal error: error converting YAML to JSON: yaml: document contains excessive aliasing" and no stack trace
