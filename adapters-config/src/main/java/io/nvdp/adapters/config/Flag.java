package io.nvdp.adapters.config;

import java.util.Optional;

/**
 * Every flag of the plugin: upstream v0.14.1's, then ours. Each has an env var and a default; those
 * with a config-file key take part in the per-option precedence CLI > env > file > default.
 */
public enum Flag {
    MIG_STRATEGY("mig-strategy", "MIG_STRATEGY", FlagKind.STRING, "none",
            "the desired strategy for exposing MIG devices on GPUs that support it: [none | single | mixed]"),
    FAIL_ON_INIT_ERROR("fail-on-init-error", "FAIL_ON_INIT_ERROR", FlagKind.BOOL, "true",
            "fail the plugin if an error is encountered during initialization, otherwise block indefinitely"),
    NVIDIA_DRIVER_ROOT("nvidia-driver-root", "NVIDIA_DRIVER_ROOT", FlagKind.STRING, "/",
            "the root path for the NVIDIA driver installation (typical values are '/' or '/run/nvidia/driver')"),
    PASS_DEVICE_SPECS("pass-device-specs", "PASS_DEVICE_SPECS", FlagKind.BOOL, "false",
            "pass the list of DeviceSpecs to the kubelet on Allocate()"),
    DEVICE_LIST_STRATEGY("device-list-strategy", "DEVICE_LIST_STRATEGY", FlagKind.STRING_LIST, "envvar",
            "the desired strategy for passing the device list to the underlying runtime:"
                    + " [envvar | volume-mounts | cdi-annotations | cdi-cri] (repeatable; comma-separated in the env var)"),
    DEVICE_ID_STRATEGY("device-id-strategy", "DEVICE_ID_STRATEGY", FlagKind.STRING, "uuid",
            "the desired strategy for passing device IDs to the underlying runtime: [uuid | index]"),
    GDS_ENABLED("gds-enabled", "GDS_ENABLED", FlagKind.BOOL, "false",
            "ensure that containers are started with NVIDIA_GDS=enabled"),
    MOFED_ENABLED("mofed-enabled", "MOFED_ENABLED", FlagKind.BOOL, "false",
            "ensure that containers are started with NVIDIA_MOFED=enabled"),
    CONFIG_FILE("config-file", "CONFIG_FILE", FlagKind.STRING, "",
            "the path to a config file as an alternative to command line options or environment variables"),
    CDI_ANNOTATION_PREFIX("cdi-annotation-prefix", "CDI_ANNOTATION_PREFIX", FlagKind.STRING, "cdi.k8s.io/",
            "the prefix to use for CDI container annotation keys"),
    NVIDIA_CTK_PATH("nvidia-ctk-path", "NVIDIA_CTK_PATH", FlagKind.STRING, "/usr/bin/nvidia-ctk",
            "the path to use for the nvidia-ctk in the generated CDI specification"),
    CONTAINER_DRIVER_ROOT("container-driver-root", "CONTAINER_DRIVER_ROOT", FlagKind.STRING, "/driver-root",
            "the path where the NVIDIA driver root is mounted in the container; used for generating CDI specifications"),
    KUBELET_SOCKET("kubelet-socket", "KUBELET_SOCKET", FlagKind.STRING, "/var/lib/kubelet/device-plugins/kubelet.sock",
            "the kubelet registration socket; empty: do not register"),
    DEVICE_DISCOVERY_STRATEGY("device-discovery-strategy", "DEVICE_DISCOVERY_STRATEGY", FlagKind.STRING, "auto",
            "how devices are discovered: [auto | nvml | tegra | simulated]"),
    SIMULATED_NODE("simulated-node", "SIMULATED_NODE", FlagKind.STRING, "dgx-a100",
            "the node profile the simulated discovery strategy presents"),
    SHARED_DEVICES_ALLOCATION_POLICY("shared-devices-allocation-policy", "SHARED_DEVICES_ALLOCATION_POLICY",
            FlagKind.STRING, "distributed",
            "the preferred-allocation policy for shared (replicated) devices and MIG devices: [distributed | packed]"),
    NVML_LIBRARY("nvml-library", "NVML_LIBRARY", FlagKind.STRING, "",
            "the NVML library to load; empty: the standard library search"),
    HEALTH_RECOVERY_INTERVAL("health-recovery-interval", "HEALTH_RECOVERY_INTERVAL", FlagKind.DURATION, "30s",
            "how often unhealthy devices are re-checked for recovery (Go duration, e.g. 30s or 1m); 0 disables"),
    METRICS_ADDRESS("metrics-address", "METRICS_ADDRESS", FlagKind.STRING, "",
            "host:port to serve Prometheus metrics on; empty: no metrics endpoint"),
    FAULT_CONTROL_SOCKET("fault-control-socket", "FAULT_CONTROL_SOCKET", FlagKind.STRING, "",
            "unix socket on which the simulator accepts run-time faults; empty: none"),
    CDI_SPEC_DIR("cdi-spec-dir", "CDI_SPEC_DIR", FlagKind.STRING, "/var/run/cdi",
            "the directory the CDI specifications are written to when a cdi-* device list strategy is chosen");

    private final String flagName;
    private final String envVar;
    private final FlagKind kind;
    private final String defaultText;
    private final String usage;

    Flag(String flagName, String envVar, FlagKind kind, String defaultText, String usage) {
        this.flagName = flagName;
        this.envVar = envVar;
        this.kind = kind;
        this.defaultText = defaultText;
        this.usage = usage;
    }

    /** The name without dashes, e.g. {@code mig-strategy}. */
    public String flagName() {
        return flagName;
    }

    public String envVar() {
        return envVar;
    }

    /** The default as it would be typed on the command line. */
    public String defaultText() {
        return defaultText;
    }

    public String usage() {
        return usage;
    }

    FlagKind kind() {
        return kind;
    }

    Object defaultValue() {
        return kind.parse(defaultText);
    }

    static Optional<Flag> byName(String name) {
        for (Flag flag : values()) {
            if (flag.flagName.equals(name)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }
}
