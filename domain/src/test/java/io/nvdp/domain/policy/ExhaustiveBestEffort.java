package io.nvdp.domain.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The oracle: go-gpuallocator's best-effort search as upstream writes it, enumerating every partition.
 * Positions index {@code available}; {@code -1} is a padding slot (upstream's nil device).
 */
final class ExhaustiveBestEffort {
    static final int PAD = -1;

    private final int[][] scores;
    private List<int[]> bestPartition;
    private int bestScore;
    private int[] required;

    ExhaustiveBestEffort(int[][] scores) {
        this.scores = scores;
    }

    /** Upstream's answer, padding included (which upstream's plugin would then dereference). */
    int[] allocate(int[] required, int size) {
        List<int[]> partition = bestPartition(required, size);
        if (partition == null) {
            return new int[0];
        }
        List<int[]> filtered = partition.stream().filter(g -> containsAll(g, required)).toList();
        if (filtered.isEmpty()) {
            return new int[0];
        }
        int[] best = filtered.get(0);
        int bestSet = setScore(best);
        for (int i = 1; i < filtered.size(); i++) {
            int s = setScore(filtered.get(i));
            if (s > bestSet) {
                best = filtered.get(i);
                bestSet = s;
            }
        }
        return best;
    }

    /** The answer with upstream's rule but only padding-free groups eligible (the domain's fix). */
    int[] allocateWithoutPadding(int[] required, int size) {
        List<int[]> partition = bestPartition(required, size);
        if (partition == null) {
            return new int[0];
        }
        int[] best = null;
        int bestSet = -1;
        for (int[] g : partition) {
            if (!containsAll(g, required) || padding(g) > 0) {
                continue;
            }
            int s = setScore(g);
            if (best == null || s > bestSet) {
                best = g;
                bestSet = s;
            }
        }
        return best == null ? new int[0] : best;
    }

    List<int[]> bestPartition(int[] required, int size) {
        int n = scores.length;
        if (size <= 0 || n < size || required.length > size) {
            return null;
        }
        this.required = required;
        bestPartition = null;
        bestScore = 0;
        int[] devices = new int[n];
        for (int i = 0; i < n; i++) {
            devices[i] = i;
        }
        if (size == 1) {
            for (int d : devices) {
                consider(List.of(new int[] {d}));
            }
            return bestPartition;
        }
        int padded = ((n + size - 1) / size) * size;
        int[] all = Arrays.copyOf(devices, padded);
        Arrays.fill(all, n, padded, PAD);
        int padding = padded - n;
        iterate(all, size, padding, new ArrayList<>());
        return bestPartition;
    }

    private void consider(List<int[]> candidate) {
        boolean ok = false;
        for (int[] g : candidate) {
            if (containsAll(g, required) && padding(g) == 0) {
                ok = true;
                break;
            }
        }
        if (!ok) {
            return;
        }
        int score = 0;
        for (int[] g : candidate) {
            score += setScore(g);
        }
        if (score > bestScore || bestPartition == null) {
            bestPartition = List.copyOf(candidate);
            bestScore = score;
        }
    }

    private void iterate(int[] devices, int size, int padding, List<int[]> accum) {
        if (size == devices.length) {
            List<int[]> full = new ArrayList<>(accum);
            full.add(devices);
            consider(full);
            return;
        }
        int[] rest = Arrays.copyOfRange(devices, 1, devices.length);
        for (int[] combo : combinations(rest, size - 1)) {
            int[] set = new int[size];
            set[0] = devices[0];
            System.arraycopy(combo, 0, set, 1, size - 1);
            int p = padding(set);
            if (!(p == 0 || p == padding)) {
                continue;
            }
            int[] remaining = Arrays.stream(devices).filter(d -> !contains(set, d)).toArray();
            accum.add(set);
            iterate(remaining, size, padding, accum);
            accum.remove(accum.size() - 1);
        }
    }

    /** Lexicographic combinations by position, as upstream's iterateGPUSets. */
    private static List<int[]> combinations(int[] items, int k) {
        List<int[]> out = new ArrayList<>();
        combine(items, k, 0, new int[k], 0, out);
        return out;
    }

    private static void combine(int[] items, int k, int from, int[] acc, int depth, List<int[]> out) {
        if (depth == k) {
            out.add(acc.clone());
            return;
        }
        for (int i = from; i < items.length; i++) {
            acc[depth] = items[i];
            combine(items, k, i + 1, acc, depth + 1, out);
        }
    }

    int setScore(int[] set) {
        int s = 0;
        for (int i = 0; i < set.length; i++) {
            for (int j = i + 1; j < set.length; j++) {
                if (set[i] != PAD && set[j] != PAD && set[i] != set[j]) {
                    s += scores[set[i]][set[j]];
                }
            }
        }
        return s;
    }

    private static boolean contains(int[] set, int d) {
        for (int x : set) {
            if (x == d) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAll(int[] set, int[] subset) {
        for (int d : subset) {
            if (!contains(set, d)) {
                return false;
            }
        }
        return true;
    }

    private static int padding(int[] set) {
        int c = 0;
        for (int x : set) {
            if (x == PAD) {
                c++;
            }
        }
        return c;
    }
}
