package io.nvdp.adapters.config.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvailableConfigsTest {

    @TempDir
    Path dir;

    @Test
    void listsFilesAndSkipsDirectoriesAndDotDotEntries() throws Exception {
        Files.writeString(dir.resolve("a"), "version: v1\n");
        Files.writeString(dir.resolve("b.yaml"), "version: v1\n");
        Files.writeString(dir.resolve("..hidden"), "x");
        Files.createDirectory(dir.resolve("subdir"));
        Files.createDirectory(dir.resolve("..2024_01_01_00_00_00.123"));

        assertThat(AvailableConfigs.in(dir)).containsExactly("a", "b.yaml");
    }

    @Test
    void configMapVolumeLayoutYieldsItsKeys() throws Exception {
        // kubelet's layout: ..<timestamp>/<key>, ..data -> ..<timestamp>, <key> -> ..data/<key>
        Path stamp = Files.createDirectory(dir.resolve("..2024_01_01_00_00_00.123"));
        Files.writeString(stamp.resolve("default"), "version: v1\n");
        Files.writeString(stamp.resolve("mig"), "version: v1\n");
        Files.createSymbolicLink(dir.resolve("..data"), Path.of(stamp.getFileName().toString()));
        Files.createSymbolicLink(dir.resolve("default"), Path.of("..data/default"));
        Files.createSymbolicLink(dir.resolve("mig"), Path.of("..data/mig"));

        assertThat(AvailableConfigs.in(dir)).containsExactly("default", "mig");
    }

    @Test
    void symlinkToADirectoryIsNotAConfig() throws Exception {
        Files.writeString(dir.resolve("a"), "x");
        Files.createSymbolicLink(dir.resolve("linkdir"), Files.createDirectory(dir.resolve("..inner")));

        assertThat(AvailableConfigs.in(dir)).containsExactly("a");
    }

    @Test
    void unreadableSourceDirectoryIsAOneLineError() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> AvailableConfigs.in(missing))
                .isInstanceOf(ConfigManagerException.class)
                .hasMessageStartingWith("error getting list of configuration files: error reading directory: ")
                .hasMessageContaining(missing.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
