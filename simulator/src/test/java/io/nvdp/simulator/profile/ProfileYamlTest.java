package io.nvdp.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.port.DiscoveryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node profiles as YAML: anchors and merge keys, and odd input answered in one line. */
class ProfileYamlTest {
    private static final String T4 = "{product: Tesla T4, memoryMiB: 15360, computeCapability: \"7.5\"}";

    private static void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> NodeProfiles.parse(yaml, "p.yaml", "p"))
                .isInstanceOf(DiscoveryException.class)
                .hasMessage("node profile p.yaml: " + message);
    }

    @Test
    void mergeKeysAndAliasesShareGpuDescriptions() {
        NodeProfile merged = NodeProfiles.parse("""
                gpus:
                  - &t4 {product: Tesla T4, memoryMiB: 15360, computeCapability: "7.5"}
                  - <<: *t4
                  - {<<: *t4, memoryMiB: 16384}
                """, "m.yaml", "m");
        assertThat(merged.gpu(0).productName()).isEqualTo("Tesla T4");
        assertThat(merged.gpu(1).productName()).isEqualTo("Tesla T4");
        assertThat(merged.gpu(2).memoryMiB()).isEqualTo(16384);
        assertThat(merged.gpu(0).memoryMiB()).isEqualTo(15360);
    }

    @Test
    void aNamedPipeIsRefusedAtOnce(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("node.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> NodeProfiles.load(fifo))
                .isInstanceOf(DiscoveryException.class)
                .hasMessage("node profile " + fifo + ": cannot be read: is a named pipe, not a regular file");
    }

    @Test
    void binaryContentIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("bin.yaml"), new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 1});
        assertThatThrownBy(() -> NodeProfiles.load(file))
                .isInstanceOf(DiscoveryException.class)
                .hasMessage("node profile " + file + ": malformed YAML: invalid leading UTF-8 octet");
    }

    @Test
    void anUnknownInitErrorNamesTheField() {
        assertThatThrownBy(() -> NodeProfiles.parse("initError: ERROR_BANANA\ngpus: []\n", "p.yaml", "p"))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageStartingWith("node profile p.yaml: initError 'ERROR_BANANA' is not an NVML error "
                        + "(expected one of: ERROR_UNINITIALIZED, ");
    }

    @Test
    void faultDelaysPastAYearNameTheField() {
        String gpus = "gpus:\n  - " + T4 + "\nfaults:\n  - {after: %s, gpu: 0, xid: 79}\n";
        assertRejected(gpus.formatted("99999999999999999999s"),
                "faults[0].after '99999999999999999999s' is longer than the longest delay, 8760h (a year)");
        assertRejected(gpus.formatted("9223372036854775807h"),
                "faults[0].after '9223372036854775807h' is longer than the longest delay, 8760h (a year)");
        assertThat(NodeProfiles.parse(gpus.formatted("8760h"), "p.yaml", "p").faults()).hasSize(1);
    }

    @Test
    void deepNestingIsReadOnASmallStack() throws Exception {
        String deep = "description: " + "[".repeat(9_000) + "]".repeat(9_000) + "\ngpus: []\n";
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                NodeProfiles.parse(deep, "p.yaml", "p");
            } catch (RuntimeException | StackOverflowError e) {
                outcome.set(e);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        assertThat(outcome.get()).isInstanceOf(DiscoveryException.class)
                .hasMessage("node profile p.yaml: description must be a string, got a list (quote it)");
    }
}
