package io.nvdp.adapters.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TransportWarmUpTest {

    @Test
    void completesOneRoundTripAndLeavesNoSocketNorThreadBehind() throws IOException {
        List<Path> before = warmUpDirectories();

        assertThat(TransportWarmUp.run()).isTrue();

        assertThat(warmUpDirectories()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.isAlive() && t.getName().startsWith("nvdp-warmup"))
                .isEmpty();
    }

    private static List<Path> warmUpDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("nvdp-warmup")).toList();
        }
    }
}
