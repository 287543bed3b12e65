package io.nvdp.yaml;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens a file of YAML for reading without letting its kind or size decide the work: anything but a
 * regular file is refused before it is opened (a named pipe would block, a device never end), and
 * so is a file past {@link YamlLimits#MAX_BYTES}, also when it grows while being read. {@code /dev/null}
 * reads as empty.
 */
public final class LimitedFile {
    private static final Path DEV_NULL = Path.of("/dev/null");

    private LimitedFile() {
    }

    /** Why a file was not read; the message is the one-line reason, without the file name. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null);
        }
    }

    /**
     * @throws Refused       not a regular file, or too large
     * @throws IOException   as {@link Files#newInputStream} (missing, permission denied)
     */
    public static InputStream open(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            if (attributes.isOther() && file.toRealPath().equals(DEV_NULL)) {
                return InputStream.nullInputStream();
            }
            throw new Refused(kind(file, attributes));
        }
        if (attributes.size() > YamlLimits.MAX_BYTES) {
            throw tooLarge();
        }
        return new Bounded(Files.newInputStream(file));
    }

    /** Reads the whole file, within the limits. */
    public static byte[] read(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    private static Refused tooLarge() {
        return new Refused("is larger than the limit of " + YamlLimits.MAX_BYTES + " bytes (16 MiB)");
    }

    private static String kind(Path file, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "is a directory";
        }
        try {
            int type = ((Integer) Files.getAttribute(file, "unix:mode")) & 0170000;
            return switch (type) {
                case 0010000 -> "is a named pipe, not a regular file";
                case 0020000 -> "is a character device, not a regular file";
                case 0060000 -> "is a block device, not a regular file";
                case 0140000 -> "is a socket, not a regular file";
                default -> "is not a regular file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "is not a regular file";
        }
    }

    /** Stops a file that grows past the limit while it is read. */
    private static final class Bounded extends FilterInputStream {
        private long count;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int from, int length) throws IOException {
            int n = super.read(buffer, from, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws Refused {
            count += n;
            if (count > YamlLimits.MAX_BYTES) {
                throw tooLarge();
            }
        }
    }
}
