package io.nvdp.adapters.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LdCacheTest {
    @Test
    void readsACacheThatLdconfigWrote() throws Exception {
        byte[] bytes = getClass().getResourceAsStream("ldconfig-made-ld.so.cache").readAllBytes();
        assertThat(LdCache.parse(bytes)).containsExactlyInAnyOrder(
                new LdCache.Entry("libcuda.so.1", "/usr/lib/x86_64-linux-gnu/libcuda.so.1"),
                new LdCache.Entry("libnvidia-ml.so.1", "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1"),
                new LdCache.Entry("libnvidia-ptxjitcompiler.so.1",
                        "/usr/lib/x86_64-linux-gnu/libnvidia-ptxjitcompiler.so.1"));
    }

    @Test
    void readsTheNewTableAfterAnOldOne() {
        // Old glibc: the old table (offsets from its strings), then the new header 8-byte aligned.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer old = ByteBuffer.allocate(16 + 12).order(ByteOrder.LITTLE_ENDIAN);
        old.put("ld.so-1.7.0".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).putInt(1);
        old.putInt(3).putInt(0).putInt(0);
        out.writeBytes(old.array());
        out.writeBytes(new byte[4]); // 28 -> 32
        byte[] fresh = newFormat("libcuda.so.1", "/lib64/libcuda.so.1");
        out.writeBytes(fresh);
        assertThat(LdCache.parse(out.toByteArray())).containsExactly(new LdCache.Entry("libcuda.so.1", "/lib64/libcuda.so.1"));
    }

    @Test
    void rejectsWhatIsNoCache() {
        assertThatThrownBy(() -> LdCache.parse("hello".getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("not an ld.so cache (unknown magic)");
        byte[] truncated = Arrays.copyOf(newFormat("libcuda.so.1", "/lib/libcuda.so.1"), 60);
        assertThatThrownBy(() -> LdCache.parse(truncated)).hasMessageContaining("truncated");
    }

    /** One entry in the new format; string offsets count from the header's start. */
    static byte[] newFormat(String soname, String path) {
        byte[] key = (soname + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] value = (path + "\0").getBytes(StandardCharsets.UTF_8);
        int strings = 48 + 24;
        ByteBuffer b = ByteBuffer.allocate(strings + key.length + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(key.length + value.length);
        b.put((byte) 2).put(new byte[3]).putInt(0).put(new byte[12]);
        b.putInt(0x0303).putInt(strings).putInt(strings + key.length).putInt(0).putLong(0);
        b.put(key).put(value);
        return b.array();
    }
}
