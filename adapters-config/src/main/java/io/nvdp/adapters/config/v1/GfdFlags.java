package io.nvdp.adapters.config.v1;

import java.time.Duration;

/**
 * {@code flags.gfd}: GPU Feature Discovery's options. The plugin parses them (a shared file must
 * stay valid) but ignores them and drops the section before printing.
 */
public record GfdFlags(
        Boolean oneshot,
        Boolean noTimestamp,
        Duration sleepInterval,
        String outputFile,
        String machineTypeFile) {

    public static final String DEFAULT_OUTPUT_FILE = "/etc/kubernetes/node-feature-discovery/features.d/gfd";
    public static final String DEFAULT_MACHINE_TYPE_FILE = "/sys/class/dmi/id/product_name";
    public static final Duration DEFAULT_SLEEP_INTERVAL = Duration.ofSeconds(60);
}
