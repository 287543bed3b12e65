package io.nvdp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gpu-feature-discovery --oneshot} on simulated nodes: its feature file, exit codes and error lines. */
class GpuFeatureDiscoveryCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("gpu-feature-discovery", "--oneshot",
                "--device-discovery-strategy=simulated"));
        all.addAll(List.of(args));
        return Main.run(all, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPlainNodeGetsItsFeatureFileWrittenAtomically() throws IOException {
        Path machine = Files.writeString(dir.resolve("product_name"), "NVIDIA DGX A100 \n");
        Path output = dir.resolve("features.d").resolve("gfd");
        Files.createDirectories(output.getParent());

        int exit = run("--simulated-node=t4x4", "--no-timestamp", "-o", output.toString(),
                "--machine-type-file=" + machine);

        assertThat(exit).as(errText()).isZero();
        assertThat(output).hasContent("""
                nvidia.com/cuda.driver.major=535
                nvidia.com/cuda.driver.minor=104
                nvidia.com/cuda.driver.rev=05
                nvidia.com/cuda.runtime.major=12
                nvidia.com/cuda.runtime.minor=2
                nvidia.com/gpu.compute.major=7
                nvidia.com/gpu.compute.minor=5
                nvidia.com/gpu.count=4
                nvidia.com/gpu.family=turing
                nvidia.com/gpu.machine=NVIDIA-DGX-A100
                nvidia.com/gpu.memory=15360
                nvidia.com/gpu.product=Tesla-T4
                nvidia.com/gpu.replicas=1
                nvidia.com/mig.capable=false""");
        assertThat(Files.getPosixFilePermissions(output)).hasToString("[OWNER_READ, OWNER_WRITE, GROUP_READ, OTHERS_READ]");
        assertThat(dir.resolve("features.d/gfd-tmp")).isEmptyDirectory();
    }

    @Test
    void withoutAnOutputFileTheLabelsGoToStandardOutputWithATimestamp() {
        assertThat(run("--simulated-node=t4x4", "-o", "", "--machine-type-file=" + dir.resolve("none"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("nvidia.com/gpu.machine=unknown\n")
                .containsPattern("nvidia.com/gfd.timestamp=\\d{10}\n");
    }

    @Test
    void aMissingOutputDirectoryIsOneLineAndExit1() {
        Path output = dir.resolve("no-such-dir/gfd");
        assertThat(run("--simulated-node=t4x4", "-o", output.toString())).isEqualTo(1);
        assertThat(errText()).isEqualTo("error writing file '" + output + "': the directory " + output.getParent()
                + " does not exist" + System.lineSeparator());
    }

    @Test
    void anInitFailureExits1UnlessFailOnInitErrorIsFalseWhichWritesAnEmptyFile() throws IOException {
        Path output = dir.resolve("gfd");
        assertThat(run("--simulated-node=discovery-failure", "-o", output.toString())).isEqualTo(1);
        assertThat(errText()).startsWith("error creating NVML labeler: ").doesNotContain("\tat ");
        assertThat(output).doesNotExist();

        assertThat(run("--simulated-node=discovery-failure", "--fail-on-init-error=false", "-o", output.toString()))
                .isZero();
        assertThat(output).isEmptyFile();
    }

    @Test
    void aBadConfigIsOneLine() throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), "version: v1\nflags:\n  gfd:\n    oneshot: sometimes\n");
        assertThat(run("--config-file=" + config)).isEqualTo(1);
        assertThat(errText().lines().toList()).singleElement().asString()
                .startsWith("unable to load config: unable to finalize config: unable to parse config file:")
                .contains("oneshot");
    }

    @Test
    void anUnknownStrategyExits1() {
        assertThat(run("--mig-strategy=half")).isEqualTo(1);
        assertThat(errText()).contains("unknown strategy: half");
    }

    @Test
    void simulatePrintsTheLabelsOfASimulatedNode() {
        int exit = Main.run(List.of("simulate", "--print-labels", "--simulated-node=a100-mig", "--mig-strategy=mixed"),
                Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(errText()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("nvidia.com/mig-1g.5gb.count=5\n", "nvidia.com/mig.strategy=mixed\n")
                .doesNotContain("gfd.timestamp");
    }

    @Test
    void withoutAnyNvmlLibraryTheFeatureFileIsEmptyAndTheExit0() {
        Path output = dir.resolve("gfd");
        assertThat(run("--device-discovery-strategy=auto", "--nvml-library=" + dir.resolve("libnvidia-ml.so.1"),
                "-o", output.toString())).as(errText()).isZero();
        assertThat(output).isEmptyFile();
    }
}
