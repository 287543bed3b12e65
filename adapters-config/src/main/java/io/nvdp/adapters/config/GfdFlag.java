package io.nvdp.adapters.config;

import java.util.List;
import java.util.Optional;

/**
 * The flags of {@code gpu-feature-discovery}: gpu-feature-discovery v0.8.1's (with their env vars, the
 * first one winning), then ours. Each has a default; the shared ones also have a config-file key.
 */
public enum GfdFlag {
    MIG_STRATEGY("mig-strategy", List.of(), List.of("GFD_MIG_STRATEGY", "MIG_STRATEGY"), FlagKind.STRING, "none",
            "the desired strategy for exposing MIG devices on GPUs that support it: [none | single | mixed]"),
    FAIL_ON_INIT_ERROR("fail-on-init-error", List.of(), List.of("GFD_FAIL_ON_INIT_ERROR", "FAIL_ON_INIT_ERROR"),
            FlagKind.BOOL, "true", "fail if an error is encountered during initialization, otherwise write no labels"),
    ONESHOT("oneshot", List.of(), List.of("GFD_ONESHOT"), FlagKind.BOOL, "false", "Label once and exit"),
    NO_TIMESTAMP("no-timestamp", List.of(), List.of("GFD_NO_TIMESTAMP"), FlagKind.BOOL, "false",
            "Do not add the timestamp to the labels"),
    SLEEP_INTERVAL("sleep-interval", List.of(), List.of("GFD_SLEEP_INTERVAL"), FlagKind.DURATION, "60s",
            "Time to sleep between labeling"),
    OUTPUT_FILE("output-file", List.of("output", "o"), List.of("GFD_OUTPUT_FILE"), FlagKind.STRING,
            "/etc/kubernetes/node-feature-discovery/features.d/gfd",
            "the feature file to write (node-feature-discovery's local source); empty: standard output"),
    MACHINE_TYPE_FILE("machine-type-file", List.of(), List.of("GFD_MACHINE_TYPE_FILE"), FlagKind.STRING,
            "/sys/class/dmi/id/product_name", "a path to a file that contains the DMI (SMBIOS) information for the node"),
    CONFIG_FILE("config-file", List.of(), List.of("GFD_CONFIG_FILE", "CONFIG_FILE"), FlagKind.STRING, "",
            "the path to a config file as an alternative to command line options or environment variables"),
    LABEL_OUTPUT("label-output", List.of(), List.of("GFD_LABEL_OUTPUT"), FlagKind.STRING, "feature-file",
            "where the labels go: [feature-file | node] (node: set them on the Node object through the Kubernetes API)"),
    NODE_NAME("node-name", List.of(), List.of("NODE_NAME"), FlagKind.STRING, "",
            "the name of this node (needed by --label-output=node)"),
    KUBECONFIG("kubeconfig", List.of(), List.of("KUBECONFIG"), FlagKind.STRING, "",
            "absolute path to the kubeconfig file; empty: in-cluster"),
    DEVICE_DISCOVERY_STRATEGY("device-discovery-strategy", List.of(),
            List.of("GFD_DEVICE_DISCOVERY_STRATEGY", "DEVICE_DISCOVERY_STRATEGY"), FlagKind.STRING, "auto",
            "how devices are discovered: [auto | nvml | simulated]"),
    SIMULATED_NODE("simulated-node", List.of(), List.of("SIMULATED_NODE"), FlagKind.STRING, "dgx-a100",
            "the node profile the simulated discovery strategy presents"),
    NVML_LIBRARY("nvml-library", List.of(), List.of("NVML_LIBRARY"), FlagKind.STRING, "",
            "the NVML library to load; empty: the standard library search");

    private final String flagName;
    private final List<String> aliases;
    private final List<String> envVars;
    private final FlagKind kind;
    private final String defaultText;
    private final String usage;

    GfdFlag(String flagName, List<String> aliases, List<String> envVars, FlagKind kind, String defaultText, String usage) {
        this.flagName = flagName;
        this.aliases = aliases;
        this.envVars = envVars;
        this.kind = kind;
        this.defaultText = defaultText;
        this.usage = usage;
    }

    public String flagName() {
        return flagName;
    }

    public List<String> envVars() {
        return envVars;
    }

    public String usage() {
        return usage;
    }

    public String defaultText() {
        return defaultText;
    }

    FlagKind kind() {
        return kind;
    }

    Object defaultValue() {
        return kind.parse(defaultText);
    }

    static Optional<GfdFlag> byName(String name) {
        for (GfdFlag flag : values()) {
            if (flag.flagName.equals(name) || flag.aliases.contains(name)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }

    /** The usage text of {@code gpu-feature-discovery --help}. */
    public static String help() {
        StringBuilder out = new StringBuilder("Usage: gpu-feature-discovery [options]\n\n"
                + "Generate labels for NVIDIA devices.\n\nOptions:\n");
        for (GfdFlag flag : values()) {
            out.append("  --").append(flag.flagName);
            flag.aliases.forEach(a -> out.append(a.length() == 1 ? ", -" : ", --").append(a));
            out.append("\n      ").append(flag.usage).append(" (default: \"").append(flag.defaultText)
                    .append("\") [$").append(String.join(", $", flag.envVars)).append("]\n");
        }
        return out.toString();
    }
}
