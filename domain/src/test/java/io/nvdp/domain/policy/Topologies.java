package io.nvdp.domain.policy;

import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.PcieLevel;
import java.util.ArrayList;
import java.util.List;

/** Reference topologies for tests and benchmarks, as GPU-index pair score matrices and links. */
public final class Topologies {
    private Topologies() {
    }

    public static String uuid(int i) {
        return String.format("GPU-%08d-0000-0000-0000-000000000000", i);
    }

    /** DGX-1 Volta (spec 5.5, from go-gpuallocator's common_test.go). */
    public static List<GpuLink> dgx1() {
        int[][] nvlinks = {{0, 1, 1}, {0, 2, 1}, {0, 3, 2}, {0, 4, 2}, {1, 2, 2}, {1, 3, 1}, {1, 5, 2}, {2, 3, 2},
                {2, 6, 1}, {3, 7, 1}, {4, 5, 1}, {4, 6, 1}, {4, 7, 2}, {5, 6, 2}, {5, 7, 1}, {6, 7, 2}};
        int[][] lanes = new int[8][8];
        for (int[] l : nvlinks) {
            lanes[l[0]][l[1]] = l[2];
            lanes[l[1]][l[0]] = l[2];
        }
        List<GpuLink> links = new ArrayList<>();
        for (int a = 0; a < 8; a++) {
            for (int b = a + 1; b < 8; b++) {
                PcieLevel level;
                if (a / 4 != b / 4) {
                    level = PcieLevel.CROSS_CPU;
                } else if (a / 2 == b / 2) {
                    level = PcieLevel.SINGLE_SWITCH;
                } else {
                    level = PcieLevel.HOST_BRIDGE;
                }
                links.add(new GpuLink(uuid(a), uuid(b), level, lanes[a][b]));
            }
        }
        return links;
    }

    /** n GPUs all-to-all through NVSwitch: 12 NVLinks per pair, two NUMA halves on PCIe. */
    public static List<GpuLink> nvswitch(int n) {
        List<GpuLink> links = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                PcieLevel level = (a < n / 2) == (b < n / 2) ? PcieLevel.SAME_CPU : PcieLevel.CROSS_CPU;
                links.add(new GpuLink(uuid(a), uuid(b), level, 12));
            }
        }
        return links;
    }

    /** The pair score matrix of GPUs {@code 0..n-1} under {@code links}. */
    public static int[][] scores(int n, List<GpuLink> links) {
        int[][] s = new int[n][n];
        for (GpuLink l : links) {
            int a = Integer.parseInt(l.a().substring(4, 12));
            int b = Integer.parseInt(l.b().substring(4, 12));
            if (a < n && b < n) {
                s[a][b] = l.score();
                s[b][a] = l.score();
            }
        }
        return s;
    }
}
