package io.nvdp.adapters.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nvdp.domain.cdi.CdiClass;
import io.nvdp.domain.cdi.CdiDevice;
import io.nvdp.domain.cdi.CdiPlan;
import io.nvdp.domain.cdi.CdiSpec;
import io.nvdp.domain.cdi.CdiSpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdiSpecDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "/run/nvidia/driver";

    @TempDir
    Path tmp;

    private CdiPlan plan(Path root, CdiSpec... specs) {
        return new CdiPlan(List.of(specs), root.toString(), HOST, "/usr/bin/nvidia-ctk");
    }

    private static CdiSpec gpus() {
        return new CdiSpec(CdiClass.GPU, List.of(new CdiDevice("0", List.of("/dev/nvidia0")),
                new CdiDevice("1", List.of("/dev/nvidia1")),
                new CdiDevice("1:0", List.of("/dev/nvidia1", "/dev/nvidia-caps/nvidia-cap3", "/dev/nvidia-caps/nvidia-cap4"))));
    }

    private CdiSpecDirectory directory() {
        return new CdiSpecDirectory(tmp.resolve("cdi"), () -> TestDriverRoot.VERSION);
    }

    private JsonNode read(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }

    @Test
    void writesTheGpuSpecWithEachDevicesNodesAndTheDriversCommonEdits() throws Exception {
        Path root = TestDriverRoot.create(tmp.resolve("root"), 2);
        CdiSpecDirectory dir = directory();
        dir.apply(plan(root, gpus()));

        Path file = tmp.resolve("cdi/k8s.device-plugin.nvidia.com-gpu.json");
        assertThat(dir.fileOf(CdiClass.GPU)).isEqualTo(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        JsonNode spec = read(file);
        assertThat(CdiSpecRules.violations(spec)).isEmpty();
        assertThat(dir.definedDevices(CdiClass.GPU)).containsExactly("0", "1", "1:0");
        assertThat(dir.definedDevices(CdiClass.GDS)).isEmpty();
        assertThat(spec.get("cdiVersion").asText()).isEqualTo("0.5.0");
        assertThat(spec.get("kind").asText()).isEqualTo("k8s.device-plugin.nvidia.com/gpu");
        assertThat(spec.get("devices").findValuesAsText("name")).containsExactly("0", "1", "1:0");
        JsonNode mig = spec.get("devices").get(2).get("containerEdits").get("deviceNodes");
        assertThat(mig.findValuesAsText("path")).containsExactly("/dev/nvidia1", "/dev/nvidia-caps/nvidia-cap3",
                "/dev/nvidia-caps/nvidia-cap4");
        assertThat(mig.findValuesAsText("hostPath")).containsExactly(HOST + "/dev/nvidia1",
                HOST + "/dev/nvidia-caps/nvidia-cap3", HOST + "/dev/nvidia-caps/nvidia-cap4");
        JsonNode first = mig.get(0);
        assertThat(first.get("type").asText()).isEqualTo("c");
        assertThat(first.get("major").asLong()).isEqualTo(195);
        assertThat(first.get("minor").asLong()).isEqualTo(1);

        JsonNode common = spec.get("containerEdits");
        // nvidia-modeset does not exist in this root, so it is left out.
        assertThat(common.get("deviceNodes").findValuesAsText("path"))
                .containsExactly("/dev/nvidia-uvm-tools", "/dev/nvidia-uvm", "/dev/nvidiactl");
        assertThat(common.get("hooks")).hasSize(1);
        JsonNode hook = common.get("hooks").get(0);
        assertThat(hook.get("hookName").asText()).isEqualTo("createContainer");
        assertThat(hook.get("path").asText()).isEqualTo("/usr/bin/nvidia-ctk");
        assertThat(hook.get("args").toString())
                .isEqualTo("[\"nvidia-ctk\",\"hook\",\"update-ldcache\",\"--folder\",\"/usr/lib/x86_64-linux-gnu\"]");
        List<String> lib = List.of("libcuda", "libnvidia-ml", "libnvidia-ptxjitcompiler").stream()
                .map(l -> "/usr/lib/x86_64-linux-gnu/" + l + ".so.535.104.05").toList();
        List<String> expected = new ArrayList<>(lib);
        expected.addAll(List.of("/lib/firmware/nvidia/535.104.05/gsp_ga10x.bin", "/usr/bin/nvidia-smi",
                "/usr/bin/nvidia-persistenced", "/run/nvidia-persistenced/socket"));
        assertThat(common.get("mounts").findValuesAsText("containerPath")).containsExactlyElementsOf(expected);
        assertThat(common.get("mounts").findValuesAsText("hostPath"))
                .containsExactlyElementsOf(expected.stream().map(p -> HOST + p).toList());
        assertThat(common.get("mounts").get(0).get("options").toString())
                .isEqualTo("[\"ro\",\"nosuid\",\"nodev\",\"bind\"]");
    }

    @Test
    void gdsAllTakesTheMatchingNodesAndNoDriverEdits() throws Exception {
        Path root = TestDriverRoot.create(tmp.resolve("root"), 1);
        TestDriverRoot.node(root, "/dev/nvidia-fs0", 241, 0);
        TestDriverRoot.node(root, "/dev/nvidia-fs1", 241, 1);
        directory().apply(plan(root, gpus1(), new CdiSpec(CdiClass.GDS,
                List.of(new CdiDevice("all", CdiClass.GDS.hostDeviceNodes())))));
        JsonNode gds = read(tmp.resolve("cdi/k8s.device-plugin.nvidia.com-gds.json"));
        assertThat(CdiSpecRules.violations(gds)).isEmpty();
        assertThat(gds.get("devices").get(0).get("name").asText()).isEqualTo("all");
        assertThat(gds.findValuesAsText("path")).containsExactly("/dev/nvidia-fs0", "/dev/nvidia-fs1");
        assertThat(gds.get("containerEdits").isEmpty()).isTrue();
    }

    private static CdiSpec gpus1() {
        return new CdiSpec(CdiClass.GPU, List.of(new CdiDevice("0", List.of("/dev/nvidia0"))));
    }

    @Test
    void aNewPlanReplacesOurFilesAndAPlanWithoutSpecsRemovesThemLeavingOthersAlone() throws Exception {
        Path root = TestDriverRoot.create(tmp.resolve("root"), 2);
        CdiSpecDirectory dir = directory();
        Path cdi = Files.createDirectories(tmp.resolve("cdi"));
        Files.writeString(cdi.resolve("k8s.device-plugin.nvidia.com-mofed.yaml"), "stale");
        Files.writeString(cdi.resolve(".k8s.device-plugin.nvidia.com-gpu.json123.tmp"), "half");
        Files.writeString(cdi.resolve("vendor.com-other.json"), "{}");
        dir.apply(plan(root, gpus()));
        assertThat(names(cdi)).containsExactly("k8s.device-plugin.nvidia.com-gpu.json", "vendor.com-other.json");

        dir.apply(plan(root, gpus1()));
        assertThat(read(dir.fileOf(CdiClass.GPU)).get("devices").findValuesAsText("name")).containsExactly("0");

        dir.apply(new CdiPlan(List.of(), root.toString(), HOST, "/usr/bin/nvidia-ctk"));
        assertThat(names(cdi)).containsExactly("vendor.com-other.json");
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void badInputIsOneLineNamingThePath() throws Exception {
        Path root = TestDriverRoot.create(tmp.resolve("root"), 2);
        Path missing = tmp.resolve("nowhere");
        assertThatThrownBy(() -> directory().apply(plan(missing, gpus())))
                .isInstanceOf(CdiSpecException.class)
                .hasMessage("cannot read the driver root " + missing + ": not a readable directory");

        CdiSpecDirectory otherVersion = new CdiSpecDirectory(tmp.resolve("cdi"), () -> "550.54.15");
        assertThatThrownBy(() -> otherVersion.apply(plan(root, gpus())))
                .hasMessage("no libcuda.so.550.54.15 in the folders that the ld cache " + root.resolve("etc/ld.so.cache")
                        + " lists for libcuda.so");

        Path file = Files.writeString(tmp.resolve("cdi-file"), "");
        // With CDI off there is nothing of ours to remove there, and nothing to complain about.
        new CdiSpecDirectory(file, () -> TestDriverRoot.VERSION).apply(new CdiPlan(List.of(), "/", "/", "/x"));
        assertThatThrownBy(() -> new CdiSpecDirectory(file, () -> TestDriverRoot.VERSION).apply(plan(root, gpus())))
                .hasMessage("the CDI spec directory " + file + " is not a directory");

        Files.delete(root.resolve("etc/ld.so.cache"));
        assertThatThrownBy(() -> directory().apply(plan(root, gpus())))
                .hasMessage("cannot read the ld cache " + root.resolve("etc/ld.so.cache") + ": no such file");

        Files.delete(root.resolve("dev/nvidia1"));
        assertThatThrownBy(() -> directory().apply(plan(root, gpus())))
                .hasMessage("device node " + root.resolve("dev/nvidia1") + " of CDI device 1 does not exist");
    }

    @Test
    void aFailedGenerationLeavesTheWrittenSpecInPlace() throws Exception {
        Path root = TestDriverRoot.create(tmp.resolve("root"), 2);
        CdiSpecDirectory dir = directory();
        dir.apply(plan(root, gpus()));
        String before = Files.readString(dir.fileOf(CdiClass.GPU));
        Files.delete(root.resolve("dev/nvidia0"));
        assertThatThrownBy(() -> dir.apply(plan(root, gpus()))).isInstanceOf(CdiSpecException.class);
        assertThat(Files.readString(dir.fileOf(CdiClass.GPU))).isEqualTo(before);
    }

    @Test
    void realDeviceNodesAreReadWithTheirTypeMajorAndMinor() {
        // /dev/null is character device 1:3 on every Linux system.
        DeviceNodeReader reader = new DeviceNodeReader(Path.of("/"));
        assertThat(reader.read(Path.of("/dev/null"))).contains(new DeviceNodeReader.Node("c", 1, 3));
        assertThatThrownBy(() -> reader.read(Path.of("/etc/hostname")).orElseThrow())
                .hasMessage("/etc/hostname is not a device node");
    }
}
