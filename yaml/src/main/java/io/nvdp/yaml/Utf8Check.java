package io.nvdp.yaml;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks UTF-8 as the bytes pass, the way the Go YAML reader does, so that a binary file is refused
 * in its words ({@code invalid leading UTF-8 octet}) rather than in a decoder's. A stream that starts
 * with a UTF-16 byte order mark is passed on unchecked: the parser reads UTF-16 itself.
 */
final class Utf8Check extends FilterInputStream {
    /** Continuation bytes still expected, and what the sequence decodes to so far. */
    private int pending;
    private int width;
    private int value;
    private boolean first = true;
    private boolean utf16;

    Utf8Check(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        int n = super.read(buffer, from, length);
        if (n < 0) {
            if (pending > 0 && !utf16) {
                throw new YamlException("incomplete UTF-8 octet sequence");
            }
            return n;
        }
        if (first && n > 0) {
            first = false;
            int b0 = buffer[from] & 0xFF;
            int b1 = n > 1 ? buffer[from + 1] & 0xFF : -1;
            utf16 = (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF);
        }
        if (!utf16) {
            for (int i = from; i < from + n; i++) {
                accept(buffer[i] & 0xFF);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would escape the check: read them instead.
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(read, 0);
    }

    private void accept(int octet) throws YamlException {
        if (pending == 0) {
            if ((octet & 0x80) == 0) {
                checkAllowed(octet);
                return;
            }
            if ((octet & 0xE0) == 0xC0) {
                width = 2;
                value = octet & 0x1F;
            } else if ((octet & 0xF0) == 0xE0) {
                width = 3;
                value = octet & 0x0F;
            } else if ((octet & 0xF8) == 0xF0) {
                width = 4;
                value = octet & 0x07;
            } else {
                throw new YamlException("invalid leading UTF-8 octet");
            }
            pending = width - 1;
            return;
        }
        if ((octet & 0xC0) != 0x80) {
            throw new YamlException("invalid trailing UTF-8 octet");
        }
        value = (value << 6) | (octet & 0x3F);
        if (--pending > 0) {
            return;
        }
        boolean shortest = width == 2 ? value >= 0x80 : width == 3 ? value >= 0x800 : value >= 0x10000;
        if (!shortest) {
            throw new YamlException("invalid length of a UTF-8 sequence");
        }
        if (value >= 0xD800 && value <= 0xDFFF || value > 0x10FFFF) {
            throw new YamlException("invalid Unicode character");
        }
        checkAllowed(value);
    }

    /** The printable set of YAML 1.1/1.2 (tab, line breaks, and no C0/C1 controls but NEL). */
    private static void checkAllowed(int c) throws YamlException {
        boolean allowed = c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85
                || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
        if (!allowed) {
            throw new YamlException("control characters are not allowed");
        }
    }
}
