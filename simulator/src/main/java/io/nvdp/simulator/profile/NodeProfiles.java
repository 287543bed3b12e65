package io.nvdp.simulator.profile;

import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.yaml.LimitedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads node profiles: built-in ones by name, others from YAML files. Every problem is a
 * {@link DiscoveryException} of kind {@link DiscoveryException.Kind#INVALID} with a one-line message
 * starting {@code node profile <source>: }.
 */
public final class NodeProfiles {
    /** The profiles shipped as classpath resources, selectable by name. */
    public static final List<String> BUILT_IN = List.of(
            "dgx-a100", "dgx1-v100", "t4x4", "a100-mig", "a100-mig-single", "dgx-station-a100", "nvswitch-16",
            "no-gpu", "discovery-failure", "jetson-orin");

    private static final String RESOURCE_DIR = "/io/nvdp/simulator/profiles/";

    private NodeProfiles() {
    }

    /** A built-in profile when {@code nameOrPath} names one, else the YAML file at that path. */
    public static NodeProfile load(String nameOrPath) {
        if (BUILT_IN.contains(nameOrPath)) {
            return builtIn(nameOrPath);
        }
        Path path;
        try {
            path = Path.of(nameOrPath);
        } catch (InvalidPathException e) {
            path = null;
        }
        if (path == null || !Files.isRegularFile(path)) {
            throw new DiscoveryException(DiscoveryException.Kind.INVALID, "node profile " + nameOrPath
                    + ": is neither a built-in profile (" + String.join(", ", BUILT_IN) + ") nor a readable file");
        }
        return load(path);
    }

    /** The YAML file at {@code file}; its name defaults to the file name without extension. */
    public static NodeProfile load(Path file) {
        byte[] text;
        try {
            text = LimitedFile.read(file);
        } catch (IOException e) {
            throw new DiscoveryException(DiscoveryException.Kind.INVALID,
                    "node profile " + file + ": cannot be read: " + e.getMessage());
        }
        String base = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return parse(text, file.toString(), base.replaceFirst("\\.ya?ml$", ""));
    }

    /** A built-in profile by name. */
    public static NodeProfile builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new DiscoveryException(DiscoveryException.Kind.INVALID, "node profile " + name
                    + ": is not a built-in profile (" + String.join(", ", BUILT_IN) + ")");
        }
        try (InputStream in = NodeProfiles.class.getResourceAsStream(RESOURCE_DIR + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("built-in profile resource missing: " + name);
            }
            return parse(in.readAllBytes(), name, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in profile " + name, e);
        }
    }

    /**
     * Parses profile text.
     *
     * @param source      what error messages call the profile (a file name, a built-in name)
     * @param defaultName the profile's name when the text has no {@code name} key
     */
    public static NodeProfile parse(String yaml, String source, String defaultName) {
        return parse(yaml.getBytes(StandardCharsets.UTF_8), source, defaultName);
    }

    private static NodeProfile parse(byte[] yaml, String source, String defaultName) {
        return new ProfileReader(source, defaultName).read(yaml);
    }
}
