package io.nvdp.domain.labels;

import static io.nvdp.domain.fixtures.Nodes.gpu;
import static io.nvdp.domain.fixtures.Nodes.migGpu;
import static io.nvdp.domain.fixtures.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.ReplicatedResource;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.model.ComputeCapability;
import io.nvdp.domain.model.DriverVersions;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label for label what gpu-feature-discovery writes for the same node. */
class GpuFeatureLabellerTest {
    private static final DriverVersions DRIVER = new DriverVersions("535.104.05", 12020);
    private final GpuFeatureLabeller labeller = new GpuFeatureLabeller();

    private static Gpu t4(int index) {
        return new Gpu(index, "GPU-t4-" + index, "Tesla T4", index, 15360, "00000000:0" + index + ":00.0",
                OptionalInt.empty(), new ComputeCapability(7, 5), false, List.of(), List.of());
    }

    private static LabelOptions options(MigStrategy strategy, TimeSlicing sharing) {
        return new LabelOptions(strategy, sharing, Optional.of("DGX A100\n"), OptionalLong.empty());
    }

    private static TimeSlicing sharing(boolean renameByDefault, String resource, int replicas) {
        ResourceName name = ResourceName.of(resource);
        return new TimeSlicing(renameByDefault, false, List.of(new ReplicatedResource(name, replicas,
                renameByDefault ? Optional.of(name.shared()) : Optional.empty())));
    }

    private Map<String, String> labels(Node node, LabelOptions options) {
        return labeller.label(node, DRIVER, options).labels().values();
    }

    private static Map<String, String> common(String migCapable) {
        Map<String, String> m = new TreeMap<>();
        m.put("nvidia.com/cuda.driver.major", "535");
        m.put("nvidia.com/cuda.driver.minor", "104");
        m.put("nvidia.com/cuda.driver.rev", "05");
        m.put("nvidia.com/cuda.runtime.major", "12");
        m.put("nvidia.com/cuda.runtime.minor", "2");
        m.put("nvidia.com/gpu.machine", "DGX-A100");
        m.put("nvidia.com/mig.capable", migCapable);
        return m;
    }

    private static Map<String, String> fullGpu(Map<String, String> m, String product, int count, int replicas,
            long memory, String family, int major, int minor) {
        m.put("nvidia.com/gpu.product", product);
        m.put("nvidia.com/gpu.count", Integer.toString(count));
        m.put("nvidia.com/gpu.replicas", Integer.toString(replicas));
        m.put("nvidia.com/gpu.memory", Long.toString(memory));
        m.put("nvidia.com/gpu.family", family);
        m.put("nvidia.com/gpu.compute.major", Integer.toString(major));
        m.put("nvidia.com/gpu.compute.minor", Integer.toString(minor));
        return m;
    }

    private static Map<String, String> mig(Map<String, String> m, String resource, String product, int count,
            int replicas, long memory, int sms, int gi, int ci, int copy, int decoders, int jpeg) {
        String r = "nvidia.com/" + resource + ".";
        m.put(r + "product", product);
        m.put(r + "count", Integer.toString(count));
        m.put(r + "replicas", Integer.toString(replicas));
        m.put(r + "memory", Long.toString(memory));
        m.put(r + "multiprocessors", Integer.toString(sms));
        m.put(r + "slices.gi", Integer.toString(gi));
        m.put(r + "slices.ci", Integer.toString(ci));
        m.put(r + "engines.copy", Integer.toString(copy));
        m.put(r + "engines.decoder", Integer.toString(decoders));
        m.put(r + "engines.encoder", "0");
        m.put(r + "engines.jpeg", Integer.toString(jpeg));
        m.put(r + "engines.ofa", Integer.toString(jpeg));
        return m;
    }

    @Test
    void aPlainNodeGetsDriverMachineAndFullGpuLabels() {
        assertThat(labels(node(t4(0), t4(1), t4(2), t4(3)), options(MigStrategy.NONE, TimeSlicing.NONE)))
                .containsExactlyEntriesOf(fullGpu(common("false"), "Tesla-T4", 4, 1, 15360, "turing", 7, 5));
    }

    @Test
    void theTimestampIsALabelWhenAsked() {
        LabelOptions withTs = new LabelOptions(MigStrategy.NONE, TimeSlicing.NONE, Optional.empty(), OptionalLong.of(1700000000L));
        assertThat(labels(node(t4(0)), withTs))
                .containsEntry("nvidia.com/gfd.timestamp", "1700000000")
                .containsEntry("nvidia.com/gpu.machine", "unknown");
    }

    @Test
    void aNodeWithoutGpusGetsNoLabels() {
        assertThat(labeller.label(node(), DRIVER, options(MigStrategy.SINGLE, TimeSlicing.NONE))).isEqualTo(LabelResult.NONE);
    }

    @ParameterizedTest
    @CsvSource({"470.57, 470, 57, ''", "535.104.05, 535, 104, 05", "550.54.15, 550, 54, 15"})
    void theDriverVersionSplitsIntoMajorMinorAndRevision(String version, String major, String minor, String rev) {
        Map<String, String> l = labeller.label(node(t4(0)), new DriverVersions(version, 11040),
                options(MigStrategy.NONE, TimeSlicing.NONE)).labels().values();
        assertThat(l).containsEntry("nvidia.com/cuda.driver.major", major).containsEntry("nvidia.com/cuda.driver.minor", minor)
                .containsEntry("nvidia.com/cuda.driver.rev", rev)
                .containsEntry("nvidia.com/cuda.runtime.major", "11").containsEntry("nvidia.com/cuda.runtime.minor", "4");
    }

    @ParameterizedTest
    @CsvSource({"535", "1.2.3.4"})
    void aDriverVersionOfAnotherShapeIsAnError(String version) {
        assertThatThrownBy(() -> labeller.label(node(t4(0)), new DriverVersions(version, 12020),
                options(MigStrategy.NONE, TimeSlicing.NONE)))
                .isInstanceOf(LabelException.class)
                .hasMessage("error getting driver version: Version \"" + version + "\" does not match format \"X.Y[.Z]\"");
    }

    @Test
    void timeSlicingWithoutRenamingSaysSharedInTheProduct() {
        assertThat(labels(node(t4(0), t4(1)), options(MigStrategy.NONE, sharing(false, "nvidia.com/gpu", 4))))
                .containsExactlyEntriesOf(fullGpu(common("false"), "Tesla-T4-SHARED", 2, 4, 15360, "turing", 7, 5));
    }

    @Test
    void timeSlicingWithRenameByDefaultKeepsTheProduct() {
        assertThat(labels(node(t4(0), t4(1)), options(MigStrategy.NONE, sharing(true, "nvidia.com/gpu", 4))))
                .containsExactlyEntriesOf(fullGpu(common("false"), "Tesla-T4", 2, 4, 15360, "turing", 7, 5));
    }

    private static Gpu a100Mig(int index, String... profiles) {
        return migGpu(index, profiles);
    }

    @Test
    void singleOnAValidNodeLabelsTheMigDevicesAsTheGpus() {
        Node node = node(a100Mig(0, "1g.5gb", "1g.5gb", "1g.5gb"), a100Mig(1, "1g.5gb", "1g.5gb"));
        Map<String, String> expected = fullGpu(common("true"), "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb", 5, 1, 4864,
                "ampere", 8, 0);
        expected.put("nvidia.com/mig.strategy", "single");
        mig(expected, "gpu", "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb", 5, 1, 4864, 14, 1, 1, 1, 0, 0);
        assertThat(labels(node, options(MigStrategy.SINGLE, TimeSlicing.NONE))).containsExactlyEntriesOf(expected);
    }

    @Test
    void singleWithSharingSaysSharedAfterTheProfile() {
        Node node = node(a100Mig(0, "1g.5gb", "1g.5gb"));
        assertThat(labels(node, options(MigStrategy.SINGLE, sharing(false, "nvidia.com/gpu", 3))))
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb-SHARED")
                .containsEntry("nvidia.com/gpu.replicas", "3")
                .containsEntry("nvidia.com/gpu.count", "2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "modes|devices with MIG enabled and disable detected",
            "profiles|more than one MIG device type present on node",
            "empty|at least one MIG device is enabled but empty"})
    void singleOnAnInvalidNodeSaysInvalidAndWhy(String kind, String reason) {
        Node node = switch (kind) {
            case "modes" -> node(a100Mig(0, "1g.5gb"), gpu(1));
            case "profiles" -> node(a100Mig(0, "1g.5gb", "2g.10gb"));
            default -> node(a100Mig(0, "1g.5gb"), a100Mig(1));
        };
        LabelResult result = labeller.label(node, DRIVER, options(MigStrategy.SINGLE, sharing(false, "nvidia.com/gpu", 2)));
        assertThat(result.labels().values())
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-40GB-MIG-INVALID")
                .containsEntry("nvidia.com/gpu.count", "0")
                .containsEntry("nvidia.com/gpu.replicas", "0")
                .containsEntry("nvidia.com/gpu.memory", "0")
                .containsEntry("nvidia.com/mig.strategy", "single");
        assertThat(result.warnings()).contains("Invalid configuration detected for mig-strategy=single: " + reason);
    }

    @Test
    void mixedAddsOneResourcePerProfileBesideTheFullGpus() {
        Node node = node(a100Mig(0, "1g.5gb", "1g.5gb", "2g.10gb", "1g.5gb+me"), gpu(1));
        Map<String, String> expected = fullGpu(common("true"), "NVIDIA-A100-SXM4-40GB", 2, 1, 40960, "ampere", 8, 0);
        expected.put("nvidia.com/mig.strategy", "mixed");
        mig(expected, "mig-1g.5gb", "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb", 2, 1, 4864, 14, 1, 1, 1, 0, 0);
        mig(expected, "mig-2g.10gb", "NVIDIA-A100-SXM4-40GB-MIG-2g.10gb", 1, 1, 4864, 28, 2, 2, 2, 1, 0);
        mig(expected, "mig-1g.5gb.me", "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb.me", 1, 1, 4864, 14, 1, 1, 1, 0, 0);
        assertThat(labels(node, options(MigStrategy.MIXED, TimeSlicing.NONE))).containsExactlyEntriesOf(expected);
    }

    @Test
    void mixedWithSharingOfOneProfileSharesOnlyThatOne() {
        Node node = node(a100Mig(0, "1g.5gb", "2g.10gb"));
        assertThat(labels(node, options(MigStrategy.MIXED, sharing(false, "nvidia.com/mig-1g.5gb", 2))))
                .containsEntry("nvidia.com/mig-1g.5gb.product", "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb-SHARED")
                .containsEntry("nvidia.com/mig-1g.5gb.replicas", "2")
                .containsEntry("nvidia.com/mig-2g.10gb.product", "NVIDIA-A100-SXM4-40GB-MIG-2g.10gb")
                .containsEntry("nvidia.com/mig-2g.10gb.replicas", "1")
                // MIG-enabled parents are labelled without sharing.
                .containsEntry("nvidia.com/gpu.replicas", "0");
    }

    @Test
    void noneOnAMigNodeLabelsOnlyTheGpusAndTheFullOnesWin() {
        Map<String, String> l = labels(node(a100Mig(0, "1g.5gb"), gpu(1, "NVIDIA A100-SXM4-40GB")),
                options(MigStrategy.NONE, TimeSlicing.NONE));
        assertThat(l).containsExactlyEntriesOf(fullGpu(common("true"), "NVIDIA-A100-SXM4-40GB", 2, 1, 40960, "ampere", 8, 0));
    }

    @Test
    void severalProductsAreAWarning() {
        LabelResult r = labeller.label(node(t4(0), gpu(1)), DRIVER, options(MigStrategy.NONE, TimeSlicing.NONE));
        assertThat(r.warnings()).containsExactly("Multiple device types detected: [Tesla T4, NVIDIA A100-SXM4-40GB]");
        assertThat(r.labels().get("nvidia.com/gpu.count")).contains("1");
    }

    @ParameterizedTest
    @CsvSource({"1,0,tesla", "2,1,fermi", "3,7,kepler", "5,2,maxwell", "6,1,pascal", "7,0,volta", "7,2,volta",
            "7,5,turing", "8,6,ampere", "8,9,ampere", "9,0,hopper", "4,0,undefined", "10,0,undefined"})
    void theFamilyFollowsTheComputeCapability(int major, int minor, String family) {
        assertThat(GpuFamily.of(new ComputeCapability(major, minor)).label()).isEqualTo(family);
    }

    @Test
    void theFeatureFileHasOneSortedLinePerLabel() {
        assertThat(NodeLabels.of(Map.of("nvidia.com/b", "2", "nvidia.com/a", "")).featureFile())
                .isEqualTo("nvidia.com/a=\nnvidia.com/b=2\n");
    }
}
