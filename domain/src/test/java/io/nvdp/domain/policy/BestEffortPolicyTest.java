package io.nvdp.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BestEffortPolicyTest {
    private static final int[][] DGX1 = Topologies.scores(8, Topologies.dgx1());
    private static final int[][] NVSWITCH8 = Topologies.scores(8, Topologies.nvswitch(8));

    /** GPU indices -> positions in an available list made of those GPUs, in that order. */
    private static int[] allocateOnGpus(int[][] node, int[] available, int[] required, int size) {
        int[][] sub = submatrix(node, available);
        int[] req = Arrays.stream(required).map(r -> indexOf(available, r)).toArray();
        return Arrays.stream(BestEffortPolicy.allocate(sub, req, size)).map(p -> available[p]).toArray();
    }

    static Arguments row(String name, int[] available, int[] required, int size, int[] expected) {
        return Arguments.of(name, available, required, size, expected);
    }

    static List<Arguments> upstreamCases() {
        return List.of(
                row("single NVLink, prefer same switch", new int[] {0, 2, 4, 5}, new int[] {}, 2, new int[] {4, 5}),
                row("single NVLink, prefer same socket", new int[] {0, 4, 5, 6}, new int[] {}, 2, new int[] {5, 6}),
                row("prefer dual NVLink same socket", new int[] {0, 3, 1}, new int[] {}, 2, new int[] {0, 3}),
                row("prefer dual NVLink cross socket", new int[] {0, 1, 4}, new int[] {}, 2, new int[] {0, 4}),
                row("must include, size 1", new int[] {0, 1, 2, 3, 4, 5, 6, 7}, new int[] {4}, 1, new int[] {4}),
                row("must include, size 2", new int[] {0, 1, 2, 3, 4, 5, 6, 7}, new int[] {4}, 2, new int[] {4, 7}),
                row("must include, size 4", new int[] {0, 1, 2, 3, 4, 5, 6, 7}, new int[] {4}, 4, new int[] {4, 5, 6, 7}),
                row("must include the full set", new int[] {0, 1, 2, 3, 4, 5, 6, 7}, new int[] {0, 2, 4, 6}, 4,
                        new int[] {0, 2, 4, 6}),
                row("more must-include than size", new int[] {0, 1, 2, 3, 4, 5, 6, 7}, new int[] {1, 2, 3, 4, 5, 6}, 4,
                        new int[] {}),
                row("size larger than available", new int[] {1, 2}, new int[] {}, 3, new int[] {}),
                row("size zero", new int[] {1, 2}, new int[] {}, 0, new int[] {}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreamCases")
    void answersGoGpuAllocatorsDgx1VoltaCases(String name, int[] available, int[] required, int size, int[] expected) {
        assertThat(allocateOnGpus(DGX1, available, required, size)).containsExactly(expected);
    }

    @Test
    void successiveDgx1PairsFollowNvlinkDensity() {
        assertThat(successive(DGX1, 2, 4)).containsExactly(List.of(0, 3), List.of(1, 2), List.of(4, 7), List.of(5, 6));
    }

    @Test
    void successiveDgx1QuadsAreTheTwoSockets() {
        assertThat(successive(DGX1, 4, 2)).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7));
    }

    @Test
    void bestSetMayBeTheLastGroupOfTheBestPartition() {
        int[][] s = new int[14][14];
        for (int i = 0; i < 12; i += 2) {
            s[i][i + 1] = s[i + 1][i] = 200;
        }
        s[12][13] = s[13][12] = 400;
        assertThat(BestEffortPolicy.allocate(s, new int[0], 2)).containsExactly(12, 13);
    }

    @Test
    void withoutLinksTheFirstDevicesWin() {
        assertThat(BestEffortPolicy.allocate(new int[5][5], new int[0], 3)).containsExactly(0, 1, 2);
        assertThat(BestEffortPolicy.allocate(new int[5][5], new int[0], 1)).containsExactly(0);
    }

    @Test
    void neverReturnsThePaddedGroupWhereUpstreamWould() {
        // 5 devices, size 3: upstream's best partition is {0,1,pad},{2,3,4}; its best set is the padded one.
        int[][] s = new int[5][5];
        s[0][1] = s[1][0] = 1200;
        s[2][3] = s[3][2] = s[2][4] = s[4][2] = s[3][4] = s[4][3] = 10;
        ExhaustiveBestEffort oracle = new ExhaustiveBestEffort(s);
        assertThat(oracle.allocate(new int[0], 3)).containsExactly(0, 1, ExhaustiveBestEffort.PAD);
        assertThat(BestEffortPolicy.allocate(s, new int[0], 3)).containsExactly(2, 3, 4);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void equalsExhaustiveSearchOnDgx1ForEverySize(int size) {
        assertSameAsOracle(DGX1, new int[0], size);
        for (int r = 0; r < 8 && size > 0; r++) {
            assertSameAsOracle(DGX1, new int[] {r}, size);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void equalsExhaustiveSearchOnNvswitchForEverySize(int size) {
        assertSameAsOracle(NVSWITCH8, new int[0], size);
        for (int r = 0; r < 8; r++) {
            assertSameAsOracle(NVSWITCH8, new int[] {r}, size);
        }
    }

    @Test
    void equalsExhaustiveSearchOnRandomSubsetsAndScoresWithTies() {
        Random random = new Random(20261127);
        int checked = 0;
        for (int round = 0; round < 1500; round++) {
            int[][] node = switch (round % 3) {
                case 0 -> DGX1;
                case 1 -> NVSWITCH8;
                default -> randomScores(random, 10);
            };
            int n = 1 + random.nextInt(node.length);
            List<Integer> gpus = new ArrayList<>(IntStream.range(0, node.length).boxed().toList());
            java.util.Collections.shuffle(gpus, random);
            int[] available = gpus.subList(0, n).stream().mapToInt(Integer::intValue).toArray();
            int size = 1 + random.nextInt(n);
            int requiredCount = random.nextInt(Math.min(size, 3) + 1);
            int[] required = IntStream.range(0, requiredCount).map(i -> i)
                    .map(i -> random.nextInt(n)).distinct().toArray();
            assertSameAsOracle(submatrix(node, available), required, size);
            checked++;
        }
        assertThat(checked).isEqualTo(1500);
    }

    private static void assertSameAsOracle(int[][] scores, int[] required, int size) {
        ExhaustiveBestEffort oracle = new ExhaustiveBestEffort(scores);
        List<int[]> expectedPartition = oracle.bestPartition(required, size);
        BestEffortPolicy.Partition actual = BestEffortPolicy.bestPartition(scores, required, size);
        String context = "scores=" + Arrays.deepToString(scores) + " required=" + Arrays.toString(required) + " size=" + size;
        if (expectedPartition == null) {
            assertThat(actual).as(context).isNull();
        } else {
            assertThat(actual).as(context).isNotNull();
            List<List<Integer>> expectedGroups = expectedPartition.stream()
                    .map(g -> Arrays.stream(g).filter(x -> x != ExhaustiveBestEffort.PAD).boxed().toList()).toList();
            List<List<Integer>> actualGroups = actual.groups().stream().map(g -> Arrays.stream(g).boxed().toList()).toList();
            assertThat(actualGroups).as(context).isEqualTo(expectedGroups);
        }
        int[] upstream = oracle.allocate(required, size);
        int[] mine = BestEffortPolicy.allocate(scores, required, size);
        if (Arrays.stream(upstream).noneMatch(x -> x == ExhaustiveBestEffort.PAD)) {
            assertThat(mine).as(context).containsExactly(upstream);
        } else {
            assertThat(mine).as(context).containsExactly(oracle.allocateWithoutPadding(required, size));
        }
    }

    private static int[][] randomScores(Random random, int n) {
        int[] values = {0, 10, 20, 30, 100, 200};
        int[][] s = new int[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                s[a][b] = s[b][a] = values[random.nextInt(values.length)];
            }
        }
        return s;
    }

    private static List<List<Integer>> successive(int[][] node, int size, int times) {
        List<Integer> free = new ArrayList<>(IntStream.range(0, node.length).boxed().toList());
        List<List<Integer>> out = new ArrayList<>();
        for (int t = 0; t < times; t++) {
            int[] available = free.stream().mapToInt(Integer::intValue).toArray();
            int[] got = allocateOnGpus(node, available, new int[0], size);
            List<Integer> picked = Arrays.stream(got).boxed().toList();
            out.add(picked);
            free.removeAll(picked);
        }
        return out;
    }

    static int[][] submatrix(int[][] node, int[] available) {
        int n = available.length;
        int[][] s = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = i == j ? 0 : node[available[i]][available[j]];
            }
        }
        return s;
    }

    private static int indexOf(int[] array, int value) {
        for (int i = 0; i < array.length; i++) {
            if (array[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException(value + " not in " + Arrays.toString(array));
    }
}
