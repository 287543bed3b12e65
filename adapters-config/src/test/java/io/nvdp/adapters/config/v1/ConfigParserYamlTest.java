package io.nvdp.adapters.config.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.adapters.config.ConfigException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file as YAML: anchors, aliases, merge keys, and what the reader refuses. */
class ConfigParserYamlTest {
    private static final String YAML_ERROR = "unmarshal error: error converting YAML to JSON: yaml: ";

    private static final String PLAIN = """
            version: v1
            flags:
              nvidiaDriverRoot: /run/nvidia/driver
            sharing:
              timeSlicing:
                resources:
                - name: nvidia.com/gpu
                  replicas: 4
                  rename: nvidia.com/gpu.shared
            """;

    @Test
    void anchorsAliasesAndMergeKeysReadAsTheirPlainForm() {
        String anchored = """
                x-root: &root /run/nvidia/driver
                x-replicas: &r 4
                x-base: &base
                  name: nvidia.com/gpu
                  replicas: 2
                version: v1
                flags:
                  nvidiaDriverRoot: *root
                sharing:
                  timeSlicing:
                    resources:
                    - <<: *base
                      replicas: *r
                      rename: nvidia.com/gpu.shared
                """;
        assertThat(ConfigParser.parse(anchored)).isEqualTo(ConfigParser.parse(PLAIN));
    }

    @Test
    void anUnknownAliasIsAnError() {
        assertThatThrownBy(() -> ConfigParser.parse("version: v1\nflags:\n  migStrategy: *strategy\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(YAML_ERROR + "unknown anchor 'strategy' referenced");
    }

    @Test
    void aBillionLaughsIsRefusedInUpstreamsWords() {
        StringBuilder yaml = new StringBuilder("a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            yaml.append(c).append(": &").append(c).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(9, "*" + (char) (c - 1)))).append("]\n");
        }
        assertThatThrownBy(() -> ConfigParser.parse(yaml.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(YAML_ERROR + "document contains excessive aliasing");
    }

    @Test
    void binaryContentIsAnInvalidLeadingOctet() {
        assertThatThrownBy(() -> ConfigParser.parse(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00}))
                .isInstanceOf(ConfigException.class)
                .hasMessage(YAML_ERROR + "invalid leading UTF-8 octet");
    }

    @Test
    void nestingBelowTheLimitReadsOnASmallStackAndBeyondItIsOneLine() throws Exception {
        String legal = "version: v1\nx-deep: " + "[".repeat(9_990) + "]".repeat(9_990) + "\nflags:\n  migStrategy: "
                + "[".repeat(9_990) + "]".repeat(9_990) + "\n";
        String deep = "version: v1\nx-deep: " + "[".repeat(10_001) + "]".repeat(10_001) + "\n";
        AtomicReference<Throwable> legalOutcome = new AtomicReference<>();
        AtomicReference<Throwable> deepOutcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            legalOutcome.set(outcome(legal));
            deepOutcome.set(outcome(deep));
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        assertThat(legalOutcome.get()).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unmarshal error: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array");
        assertThat(deepOutcome.get()).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(YAML_ERROR + "exceeded max depth of 10000");
    }

    private static Throwable outcome(String yaml) {
        try {
            ConfigParser.parse(yaml);
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            return e;
        }
    }

    @Test
    void namedPipesDevicesAndOversizedFilesAreRefusedAtOnce(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> ConfigParser.read(fifo)).isInstanceOf(ConfigException.class)
                .hasMessage("error parsing config file: read error: read " + fifo + ": is a named pipe, not a regular file");
        assertThatThrownBy(() -> ConfigParser.read(Path.of("/dev/zero"))).isInstanceOf(ConfigException.class)
                .hasMessage("error parsing config file: read error: read /dev/zero: is a character device, not a regular file");
        Path big = dir.resolve("big.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(big.toFile(), "rw")) {
            sparse.setLength(50L * 1024 * 1024);
        }
        assertThatThrownBy(() -> ConfigParser.read(big)).isInstanceOf(ConfigException.class)
                .hasMessage("error parsing config file: read error: read " + big
                        + ": is larger than the limit of 16777216 bytes (16 MiB)");
    }

    @Test
    void aTenMegabyteConfigIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big-comment.yaml");
        StringBuilder text = new StringBuilder(PLAIN);
        String comment = "# " + "x".repeat(1021) + "\n";
        while (text.length() < 10 * 1024 * 1024) {
            text.append(comment);
        }
        Files.writeString(file, text);
        assertThat(ConfigParser.read(file)).isEqualTo(ConfigParser.parse(PLAIN));
    }
}
