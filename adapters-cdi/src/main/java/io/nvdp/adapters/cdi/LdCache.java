package io.nvdp.adapters.cdi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The libraries an {@code /etc/ld.so.cache} lists, as glibc's {@code ldconfig} writes it: the
 * {@code glibc-ld.so.cache1.1} format, alone (glibc 2.32 and later) or after the old
 * {@code ld.so-1.7.0} table (older glibc). Only the old table is read when a file has nothing else.
 */
final class LdCache {
    private static final byte[] OLD_MAGIC = "ld.so-1.7.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEW_MAGIC = "glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII);
    /** Old header: 12 bytes of magic (with padding), then the number of entries. */
    private static final int OLD_HEADER = 16;
    private static final int OLD_ENTRY = 12;
    /** New header: magic, nlibs, len_strings, flags + padding, extension offset, 3 unused words. */
    private static final int NEW_HEADER = 48;
    private static final int NEW_ENTRY = 24;

    /** One cached library: its SONAME and the path the loader would open (as the root sees it). */
    record Entry(String soname, String path) {
    }

    private LdCache() {
    }

    /** @throws IllegalArgumentException when the bytes are not an ld cache (the message says why) */
    static List<Entry> parse(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (startsWith(bytes, 0, NEW_MAGIC)) {
            return parseNew(buf, 0);
        }
        if (!startsWith(bytes, 0, OLD_MAGIC)) {
            throw new IllegalArgumentException("not an ld.so cache (unknown magic)");
        }
        int oldEntries = readCount(buf, 12, OLD_ENTRY, OLD_HEADER);
        int afterOld = OLD_HEADER + oldEntries * OLD_ENTRY;
        int newStart = (afterOld + 7) & ~7;
        if (startsWith(bytes, newStart, NEW_MAGIC)) {
            return parseNew(buf, newStart);
        }
        // Old format alone: string offsets count from the end of the entry table.
        List<Entry> entries = new ArrayList<>(oldEntries);
        for (int i = 0; i < oldEntries; i++) {
            int at = OLD_HEADER + i * OLD_ENTRY;
            entries.add(new Entry(string(bytes, afterOld, buf.getInt(at + 4)), string(bytes, afterOld, buf.getInt(at + 8))));
        }
        return entries;
    }

    /** New format: string offsets count from the start of the new header. */
    private static List<Entry> parseNew(ByteBuffer buf, int start) {
        byte[] bytes = buf.array();
        int count = readCount(buf, start + NEW_MAGIC.length, NEW_ENTRY, start + NEW_HEADER);
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = start + NEW_HEADER + i * NEW_ENTRY;
            entries.add(new Entry(string(bytes, start, buf.getInt(at + 4)), string(bytes, start, buf.getInt(at + 8))));
        }
        return entries;
    }

    private static int readCount(ByteBuffer buf, int at, int entrySize, int tableStart) {
        if (buf.limit() < at + 4) {
            throw new IllegalArgumentException("truncated header");
        }
        long count = Integer.toUnsignedLong(buf.getInt(at));
        if (tableStart + count * entrySize > buf.limit()) {
            throw new IllegalArgumentException("truncated: " + count + " entries do not fit in " + buf.limit() + " bytes");
        }
        return (int) count;
    }

    private static String string(byte[] bytes, int base, int offset) {
        long from = base + Integer.toUnsignedLong(offset);
        if (from >= bytes.length) {
            throw new IllegalArgumentException("string offset " + Integer.toUnsignedLong(offset) + " is outside the file");
        }
        int end = (int) from;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, (int) from, end - (int) from, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] magic) {
        if (at < 0 || bytes.length < at + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[at + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
