package io.nvdp.simulator.driverroot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes an {@code /etc/ld.so.cache} in glibc's {@code glibc-ld.so.cache1.1} format (what
 * {@code ldconfig} of glibc 2.32 and later writes): a 48-byte header, one 24-byte entry per library
 * (flags, SONAME offset, path offset, OS version, hwcap), then the strings, whose offsets count
 * from the start of the file.
 */
final class LdCacheFile {
    private static final int HEADER = 48;
    private static final int ENTRY = 24;
    /** FLAG_ELF_LIBC6 | FLAG_X8664_LIB64, as ldconfig marks x86-64 libraries. */
    private static final int FLAGS = 0x0303;

    private LdCacheFile() {
    }

    /** @param libraries SONAME to the path the loader opens, in the order ldconfig would list them */
    static byte[] of(Map<String, String> libraries) {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        int stringsStart = HEADER + ENTRY * libraries.size();
        ByteBuffer entries = ByteBuffer.allocate(ENTRY * libraries.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, String> lib : libraries.entrySet()) {
            int key = stringsStart + strings.size();
            strings.writeBytes((lib.getKey() + "\0").getBytes(StandardCharsets.UTF_8));
            int value = stringsStart + strings.size();
            strings.writeBytes((lib.getValue() + "\0").getBytes(StandardCharsets.UTF_8));
            entries.putInt(FLAGS).putInt(key).putInt(value).putInt(0).putLong(0);
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.put("glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII));
        header.putInt(libraries.size()).putInt(strings.size());
        header.put((byte) 2); // little-endian
        header.put(new byte[3]).putInt(0).put(new byte[12]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(entries.array());
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }
}
