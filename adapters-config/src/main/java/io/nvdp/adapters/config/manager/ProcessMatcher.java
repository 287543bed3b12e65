package io.nvdp.adapters.config.manager;

import java.util.List;
import java.util.Objects;

/**
 * Decides from a command line whether a process is the one to signal.
 *
 * <p>Upstream matches {@code argv[0] == <process-to-signal>}. Our plugin is a java process, so a command line
 * also matches when one of its arguments is a jar named {@code <process-to-signal>.jar}
 * ({@code java -jar /app/nvidia-device-plugin.jar ...}) and it is not a config-manager run of that same jar
 * (the sidecar itself).
 *
 * @param processName the {@code --process-to-signal} value
 */
public record ProcessMatcher(String processName) {

    static final String CONFIG_MANAGER_COMMAND = "config-manager";

    public ProcessMatcher {
        Objects.requireNonNull(processName, "processName");
    }

    /** @param argv the process arguments, argv[0] first */
    public boolean matches(List<String> argv) {
        if (argv.isEmpty() || processName.isEmpty()) {
            return false;
        }
        // Upstream compares argv[0] exactly; comparing the base name also accepts a full path.
        if (baseName(argv.getFirst()).equals(processName)) {
            return true;
        }
        String jar = processName + ".jar";
        boolean runsJar = argv.stream().skip(1).anyMatch(a -> baseName(a).equals(jar));
        boolean isConfigManager = argv.contains(CONFIG_MANAGER_COMMAND);
        return runsJar && !isConfigManager;
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
