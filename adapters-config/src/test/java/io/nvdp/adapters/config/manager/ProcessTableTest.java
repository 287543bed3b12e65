package io.nvdp.adapters.config.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTableTest {

    @TempDir
    Path proc;

    private final ProcessMatcher plugin = new ProcessMatcher("nvidia-device-plugin");

    private void process(long pid, String... argv) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        String cmdline = argv.length == 0 ? "" : String.join("\0", argv) + "\0";
        Files.write(dir.resolve("cmdline"), cmdline.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void podWithSharedProcessNamespace() throws Exception {
        process(1, "/pause");
        process(7, "java", "-jar", "/app/nvidia-device-plugin.jar", "config-manager");
        process(2);                                        // kernel thread / zombie: empty cmdline
        Files.createDirectories(proc.resolve("self"));     // non-numeric entries are ignored
        Files.writeString(proc.resolve("uptime"), "1 1");
    }

    @Test
    void matchesUpstreamsBinaryByArgvZero() throws Exception {
        process(42, "nvidia-device-plugin", "--mig-strategy=single");

        assertThat(new ProcessTable(proc).find(plugin, 7)).extracting(ProcessTable.Process::pid).containsExactly(42L);
    }

    @Test
    void matchesArgvZeroGivenAsAFullPath() throws Exception {
        process(42, "/usr/bin/nvidia-device-plugin");

        assertThat(new ProcessTable(proc).find(plugin, 7)).extracting(ProcessTable.Process::pid).containsExactly(42L);
    }

    @Test
    void matchesTheJavaPluginButNotTheConfigManagerRunningFromTheSameJar() throws Exception {
        process(30, "/opt/java/bin/java", "-XX:+UseSerialGC", "-jar", "/app/nvidia-device-plugin.jar", "--fail-on-init-error=false");
        process(31, "java", "-jar", "/app/nvidia-device-plugin.jar", "config-manager", "--oneshot");

        var found = new ProcessTable(proc).find(plugin, 999);

        assertThat(found).extracting(ProcessTable.Process::pid).containsExactly(30L);
        assertThat(found.getFirst().argv()).contains("-jar", "--fail-on-init-error=false");
    }

    @Test
    void neverMatchesItself() throws Exception {
        process(42, "nvidia-device-plugin");

        assertThat(new ProcessTable(proc).find(plugin, 42)).isEmpty();
    }

    @Test
    void similarNamesDoNotMatch() throws Exception {
        process(40, "nvidia-device-plugin-ctr");
        process(41, "sh", "-c", "nvidia-device-plugin --x");
        process(43, "java", "-jar", "/app/gpu-feature-discovery.jar");

        assertThat(new ProcessTable(proc).find(plugin, 7)).isEmpty();
    }

    @Test
    void allMatchesAreReturnedInPidOrder() throws Exception {
        process(100, "nvidia-device-plugin");
        process(20, "java", "-jar", "nvidia-device-plugin.jar");

        assertThat(new ProcessTable(proc).find(plugin, 7)).extracting(ProcessTable.Process::pid).containsExactly(20L, 100L);
    }

    @Test
    void matcherWorksForOtherProcessNames() {
        var gfd = new ProcessMatcher("gpu-feature-discovery");

        assertThat(gfd.matches(List.of("gpu-feature-discovery"))).isTrue();
        assertThat(gfd.matches(List.of("java", "-jar", "gpu-feature-discovery.jar"))).isTrue();
        assertThat(gfd.matches(List.of("nvidia-device-plugin"))).isFalse();
        assertThat(new ProcessMatcher("").matches(List.of(""))).isFalse();
    }

    @Test
    void missingProcRootIsAnError() {
        assertThatThrownBy(() -> new ProcessTable(proc.resolve("nope")).find(plugin, 1))
                .isInstanceOf(ConfigManagerException.class)
                .hasMessageStartingWith("error getting list of all procs: ");
    }
}
