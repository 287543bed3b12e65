package io.nvdp.acceptance.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.nvdp.adapters.nvml.binding.NvmlConstants;
import io.nvdp.adapters.nvml.binding.NvmlNative;
import io.nvdp.adapters.nvml.binding.NvmlStructs;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.NodeProfiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fake library's NVLink answers for every built-in profile, read through NVML's own calls: as
 * on real hardware, a link between two GPUs is listed by both of them, as often from either end,
 * and a link that ends at an NVSwitch names no GPU.
 */
class FakeNvmlLinksTest {
    private static NvmlNative nvml;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadFakeLibrary() {
        nvml = Native.load(InProcessFakeNvml.library().toString(), NvmlNative.class);
    }

    /** Every profile whose node NVML can show (not the init failure, not the Tegra system). */
    static Stream<String> profiles() {
        return NodeProfiles.BUILT_IN.stream().filter(n -> !n.equals("discovery-failure") && !n.equals("jetson-orin"));
    }

    /** One active link as NVML reports it. */
    record Link(String remoteBusId, int remoteType) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void everyLinkBetweenTwoGpusIsReportedByBothEnds(String name) throws IOException {
        NodeProfile profile = NodeProfiles.load(name);
        Map<String, List<Link>> links = readLinks(profile);

        for (Map.Entry<String, List<Link>> gpu : links.entrySet()) {
            for (Link link : gpu.getValue()) {
                if (link.remoteType() == NvmlConstants.NVLINK_DEVICE_TYPE_SWITCH) {
                    assertThat(links).as(name + ": GPU " + gpu.getKey() + " links to switch " + link.remoteBusId()
                            + ", which is no GPU").doesNotContainKey(link.remoteBusId());
                    continue;
                }
                assertThat(link.remoteType()).as(name + ": remote type").isEqualTo(NvmlConstants.NVLINK_DEVICE_TYPE_GPU);
                String peer = link.remoteBusId();
                assertThat(links).as(name + ": GPU " + gpu.getKey() + " links to " + peer + ", a GPU of the node")
                        .containsKey(peer);
                assertThat(count(links.get(peer), gpu.getKey()))
                        .as(name + ": links " + peer + " lists to " + gpu.getKey())
                        .isEqualTo(count(gpu.getValue(), peer));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void fabricMembersLinkOnlyToSwitches(String name) throws IOException {
        NodeProfile profile = NodeProfiles.load(name);
        Map<String, List<Link>> links = readLinks(profile);

        profile.nvswitch().ifPresent(fabric -> fabric.gpus().forEach(index -> {
            String bus = profile.gpu(index).pciBusId().toLowerCase(Locale.ROOT);
            assertThat(links.get(bus)).as(name + ": GPU " + index + "'s links")
                    .hasSize(fabric.linksPerGpu())
                    .allSatisfy(l -> assertThat(l.remoteType()).isEqualTo(NvmlConstants.NVLINK_DEVICE_TYPE_SWITCH));
        }));
    }

    private static long count(List<Link> links, String busId) {
        return links.stream().filter(l -> l.remoteBusId().equals(busId)).count();
    }

    /** Lower-cased GPU bus id -> its active links, read from the fake fed with the profile. */
    private Map<String, List<Link>> readLinks(NodeProfile profile) throws IOException {
        InProcessFakeNvml.show(profile, dir);
        assertThat(nvml.nvmlInit_v2()).as("nvmlInit").isZero();
        try {
            IntByReference count = new IntByReference();
            assertThat(nvml.nvmlDeviceGetCount_v2(count)).isZero();
            Map<String, List<Link>> result = new HashMap<>();
            for (int i = 0; i < count.getValue(); i++) {
                PointerByReference handle = new PointerByReference();
                assertThat(nvml.nvmlDeviceGetHandleByIndex_v2(i, handle)).isZero();
                Pointer device = handle.getValue();
                NvmlStructs.PciInfo pci = new NvmlStructs.PciInfo();
                assertThat(nvml.nvmlDeviceGetPciInfo_v3(device, pci)).isZero();
                result.put(pci.busIdString().toLowerCase(Locale.ROOT), links(device));
            }
            return result;
        } finally {
            nvml.nvmlShutdown();
        }
    }

    private static List<Link> links(Pointer device) {
        List<Link> links = new ArrayList<>();
        for (int link = 0; link < NvmlConstants.NVLINK_MAX_LINKS; link++) {
            IntByReference active = new IntByReference();
            if (nvml.nvmlDeviceGetNvLinkState(device, link, active) != 0 || active.getValue() != NvmlConstants.FEATURE_ENABLED) {
                continue;
            }
            NvmlStructs.PciInfo remote = new NvmlStructs.PciInfo();
            assertThat(nvml.nvmlDeviceGetNvLinkRemotePciInfo_v2(device, link, remote)).as("remote of link " + link).isZero();
            IntByReference type = new IntByReference();
            assertThat(nvml.nvmlDeviceGetNvLinkRemoteDeviceType(device, link, type)).as("type of link " + link).isZero();
            links.add(new Link(remote.busIdString().toLowerCase(Locale.ROOT), type.getValue()));
        }
        return links;
    }
}
