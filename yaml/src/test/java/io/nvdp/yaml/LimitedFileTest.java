package io.nvdp.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitedFileTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFileIsReadWhole() throws IOException {
        Path file = Files.writeString(dir.resolve("c.yaml"), "version: v1\n");
        assertThat(LimitedFile.read(file)).asString().isEqualTo("version: v1\n");
    }

    @Test
    void devNullReadsAsEmptyAlsoThroughALink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("null.yaml"), Path.of("/dev/null"));
        assertThat(LimitedFile.read(link)).isEmpty();
    }

    @Test
    void otherDevicesAndDirectoriesAreRefusedAtOnce() {
        assertThatThrownBy(() -> LimitedFile.read(Path.of("/dev/zero")))
                .isInstanceOf(LimitedFile.Refused.class).hasMessage("is a character device, not a regular file");
        assertThatThrownBy(() -> LimitedFile.read(dir))
                .isInstanceOf(LimitedFile.Refused.class).hasMessage("is a directory");
    }

    @Test
    void aNamedPipeIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        assertThatThrownBy(() -> LimitedFile.read(fifo))
                .isInstanceOf(LimitedFile.Refused.class).hasMessage("is a named pipe, not a regular file");
    }

    @Test
    void aFilePastTheLimitIsRefusedBeforeItIsRead() throws IOException {
        Path big = dir.resolve("big.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(big.toFile(), "rw")) {
            sparse.setLength(YamlLimits.MAX_BYTES + 1L);
        }
        assertThatThrownBy(() -> LimitedFile.read(big))
                .isInstanceOf(LimitedFile.Refused.class)
                .hasMessage("is larger than the limit of 16777216 bytes (16 MiB)");
    }

    @Test
    void aMissingFileIsTheUsualError() {
        assertThatThrownBy(() -> LimitedFile.read(dir.resolve("missing.yaml")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
