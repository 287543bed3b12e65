package io.nvdp.adapters.cdi;

import io.nvdp.domain.cdi.CdiSpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a device node's type, major and minor so that the spec carries them and runtimes need not
 * stat the host. A simulated driver root (one holding {@value #SIMULATED_MARKER}) has regular files
 * in place of device nodes whose whole content is {@code c <major>:<minor>} (or {@code b ...});
 * those are read only there.
 */
final class DeviceNodeReader {
    /** The file that marks a generated, simulated driver root. */
    static final String SIMULATED_MARKER = ".nvdp-simulated-driver-root";
    private static final Pattern STAND_IN = Pattern.compile("([cb]) (\\d+):(\\d+)\\s*");
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private final boolean simulated;

    DeviceNodeReader(Path root) {
        this.simulated = Files.exists(root.resolve(SIMULATED_MARKER));
    }

    /**
     * @return the node at {@code file}; empty when nothing is there
     * @throws CdiSpecException when something is there that is not a device node
     */
    Optional<Node> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            if (simulated && Files.isRegularFile(file)) {
                String text = Files.readString(file, StandardCharsets.US_ASCII);
                Matcher m = STAND_IN.matcher(text);
                if (!m.matches()) {
                    throw new CdiSpecException("device node stand-in " + file + " does not read 'c <major>:<minor>'");
                }
                return Optional.of(new Node(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
            }
            Map<String, Object> attrs = Files.readAttributes(file, "unix:mode,rdev");
            int mode = (Integer) attrs.get("mode");
            long rdev = (Long) attrs.get("rdev");
            String type = switch (mode & S_IFMT) {
                case S_IFCHR -> "c";
                case S_IFBLK -> "b";
                default -> throw new CdiSpecException(file + " is not a device node");
            };
            // glibc's major()/minor() for a 64-bit dev_t.
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            return Optional.of(new Node(type, major, minor));
        } catch (IOException | UnsupportedOperationException e) {
            throw new CdiSpecException("cannot read device node " + file + ": " + e.getMessage());
        }
    }

    record Node(String type, long major, long minor) {
    }
}
