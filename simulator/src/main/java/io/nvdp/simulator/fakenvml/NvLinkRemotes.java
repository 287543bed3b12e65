package io.nvdp.simulator.fakenvml;

import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.Node;
import io.nvdp.simulator.profile.NvSwitchFabric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The far ends of every GPU's NVLinks as the fake library lists them ({@code <bus id> gpu|switch},
 * one entry per link), laid out as NVML shows a real node: a fabric member's first links go to the
 * switches in turn; a direct link between two GPUs is listed by both of them.
 */
final class NvLinkRemotes {
    /** NVML_NVLINK_MAX_LINKS. */
    static final int MAX_NVLINKS = 18;

    private NvLinkRemotes() {
    }

    /** GPU UUID -> its links' far ends, in link order. */
    static Map<String, List<String>> of(Node node, Optional<NvSwitchFabric> fabric) {
        Map<String, Gpu> byUuid = new HashMap<>();
        node.gpus().forEach(g -> byUuid.put(g.uuid(), g));
        Map<String, List<String>> remotes = new HashMap<>();
        fabric.ifPresent(f -> {
            List<String> switches = switchBusIds(node, f.switches());
            for (Gpu gpu : node.gpus()) {
                if (f.gpus().contains(gpu.index())) {
                    List<String> links = remotes.computeIfAbsent(gpu.uuid(), u -> new ArrayList<>());
                    for (int link = 0; link < f.linksPerGpu(); link++) {
                        links.add(switches.get(f.switchOf(link)) + " switch");
                    }
                }
            }
        });
        for (GpuLink link : node.topology().links()) {
            Gpu a = byUuid.get(link.a());
            Gpu b = byUuid.get(link.b());
            if (a == null || b == null) {
                continue;
            }
            int direct = link.nvlinkLanes() - fabricLanes(fabric, a, b);
            for (int k = 0; k < direct; k++) {
                remotes.computeIfAbsent(a.uuid(), u -> new ArrayList<>()).add(b.pciBusId() + " gpu");
                remotes.computeIfAbsent(b.uuid(), u -> new ArrayList<>()).add(a.pciBusId() + " gpu");
            }
        }
        remotes.forEach((uuid, links) -> {
            if (links.size() > MAX_NVLINKS) {
                throw new IllegalArgumentException("GPU " + uuid + " has " + links.size()
                        + " NVLinks, more than the " + MAX_NVLINKS + " NVML can report");
            }
        });
        return remotes;
    }

    /** The lanes two GPUs have through the fabric (0 unless both are members). */
    private static int fabricLanes(Optional<NvSwitchFabric> fabric, Gpu a, Gpu b) {
        return fabric.filter(f -> f.gpus().contains(a.index()) && f.gpus().contains(b.index()))
                .map(f -> GpuLink.fabricLanes(f.linksPerGpu(), f.linksPerGpu())).orElse(0);
    }

    /** PCI addresses for the switches on buses no GPU of the node uses (display adapters' included). */
    private static List<String> switchBusIds(Node node, int switches) {
        Set<Integer> used = new HashSet<>();
        for (Gpu gpu : node.gpus()) {
            used.add(Integer.parseInt(gpu.pciBusId().split(":")[1], 16));
        }
        for (int i = 0; i < 16; i++) {
            used.add(0xF0 + i);   // where FakeNvmlNode puts the display adapters it fills index gaps with
        }
        List<String> ids = new ArrayList<>();
        for (int bus = 0xC0; ids.size() < switches; bus = bus == 0xFF ? 0x01 : bus + 1) {
            if (!used.contains(bus)) {
                ids.add(String.format("00000000:%02X:00.0", bus));
                used.add(bus);
            }
        }
        return ids;
    }
}
