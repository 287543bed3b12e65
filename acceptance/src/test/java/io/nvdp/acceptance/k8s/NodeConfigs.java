package io.nvdp.acceptance.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The chart's config layout on one node: a source directory with one file per named config (the
 * ConfigMap mounted at {@code /available-configs}) and the destination the config manager links to the
 * config the node label selects, which the daemon reads with {@code --config-file}.
 */
final class NodeConfigs {
    static final String LABEL = "nvidia.com/device-plugin.config";
    static final String PLAIN = "plain";
    static final String SHARED = "shared";
    /** dgx-a100 has 8 GPUs; {@link #SHARED} time-slices each into 4 replicas. */
    static final int GPUS = 8;
    static final int SHARED_REPLICAS = 4;

    final Path sources;
    final Path destination;

    private NodeConfigs(Path sources, Path destination) {
        this.sources = sources;
        this.destination = destination;
    }

    /** Writes the two named configs under {@code root/available-configs}; the destination is {@code root/config/config.yaml}. */
    static NodeConfigs writeUnder(Path root) throws IOException {
        Path sources = Files.createDirectories(root.resolve("available-configs"));
        Files.writeString(sources.resolve(PLAIN), """
                version: v1
                """);
        Files.writeString(sources.resolve(SHARED), """
                version: v1
                sharing:
                  timeSlicing:
                    resources:
                    - name: nvidia.com/gpu
                      replicas: %d
                """.formatted(SHARED_REPLICAS));
        Path destination = Files.createDirectories(root.resolve("config")).resolve("config.yaml");
        return new NodeConfigs(sources, destination);
    }

    /** Where the destination symlink points now (its target as written, absolute). */
    Path linkTarget() throws IOException {
        return Files.readSymbolicLink(destination);
    }

    Path source(String name) {
        return sources.resolve(name).toAbsolutePath().normalize();
    }

    /**
     * The config manager's environment as the chart sets it; the daemon reloads by itself when the link
     * changes, so no signal is sent (which also keeps the test from signalling other plugins on this host).
     */
    Map<String, String> managerEnv(Path kubeconfig, String nodeName, boolean oneshot) {
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("NODE_NAME", nodeName);
        env.put("NODE_LABEL", LABEL);
        env.put("CONFIG_FILE_SRCDIR", sources.toString());
        env.put("CONFIG_FILE_DST", destination.toString());
        env.put("DEFAULT_CONFIG", PLAIN);
        env.put("FALLBACK_STRATEGIES", "named,single");
        env.put("ONESHOT", Boolean.toString(oneshot));
        env.put("SEND_SIGNAL", "false");
        return env;
    }
}
