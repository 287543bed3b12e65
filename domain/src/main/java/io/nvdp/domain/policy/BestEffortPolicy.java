package io.nvdp.domain.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * go-gpuallocator's best-effort policy (spec 5.5), computed by dynamic programming over subsets
 * instead of enumerating every partition.
 *
 * <p>Upstream splits all available GPUs (padded with empty slots to a multiple of {@code size}) into
 * groups of {@code size}, keeps the partition with the highest total pair score (the first one in its
 * enumeration order on ties) among those with a padding-free group holding every required GPU, and
 * returns that partition's best group. Its enumeration order is lexicographic over the groups, each
 * group being the lowest remaining GPU plus a lexicographic combination of the rest; so the first
 * optimal partition is rebuilt here by choosing, state by state, the first group in that order that
 * still reaches the optimum. A state is the set of GPUs not yet grouped; whether the padded group was
 * used follows from its size, so {@code 2^n} states cover the search.
 *
 * <p>One deliberate difference: with no required GPU, upstream may return the padded group itself
 * (holding nil devices, which makes the plugin dereference nil). Here only padding-free groups are
 * returned: the highest-scoring one of the same best partition.
 *
 * <p>Devices are positions {@code 0..n-1} (the order of {@code available}); {@code scores[i][j]} is
 * the symmetric pair score. Stateless and thread-safe.
 */
public final class BestEffortPolicy {
    /** Above this many devices the subset table gets too big; callers fall back to a simpler answer. */
    public static final int MAX_DEVICES = 20;

    private static final int UNSET = -2;
    private static final int INFEASIBLE = -1;

    private BestEffortPolicy() {
    }

    /**
     * The positions to allocate, ascending, or an empty array when upstream would return nothing
     * (size not positive, too few devices, more required devices than size).
     *
     * @param required distinct positions that must be in the answer
     */
    public static int[] allocate(int[][] scores, int[] required, int size) {
        Partition best = bestPartition(scores, required, size);
        if (best == null) {
            return new int[0];
        }
        int reqMask = mask(required);
        int[] chosen = null;
        int chosenScore = -1;
        for (int g = 0; g < best.groups().size(); g++) {
            int[] group = best.groups().get(g);
            boolean padded = group.length < size;
            if (padded || (reqMask != 0 && (mask(group) & reqMask) != reqMask)) {
                continue;
            }
            int s = setScore(scores, group);
            if (chosen == null || s > chosenScore) {
                chosen = group;
                chosenScore = s;
            }
        }
        return chosen == null ? new int[0] : chosen;
    }

    /**
     * The partition upstream's search settles on: groups in enumeration order, each ascending; the
     * padded group holds fewer than {@code size} positions. Null when upstream finds none.
     */
    public static Partition bestPartition(int[][] scores, int[] required, int size) {
        int n = scores.length;
        if (n > MAX_DEVICES) {
            throw new IllegalArgumentException("best-effort search supports at most " + MAX_DEVICES + " devices: " + n);
        }
        if (size <= 0 || n < size || required.length > size) {
            return null;
        }
        int reqMask = mask(required);
        if (size == 1) {
            // Upstream's shortcut: each device alone; all scores 0, so the first acceptable one wins.
            for (int i = 0; i < n; i++) {
                if ((reqMask & ~(1 << i)) == 0) {
                    return new Partition(List.of(new int[] {i}), 0);
                }
            }
            return null;
        }
        Search search = new Search(scores, size, reqMask);
        int all = n == 32 ? -1 : (1 << n) - 1;
        int total = search.best(all);
        if (total == INFEASIBLE) {
            return null;
        }
        List<int[]> groups = new ArrayList<>();
        int state = all;
        while (state != 0) {
            int[] group = search.firstOptimalGroup(state);
            groups.add(group);
            state &= ~mask(group);
        }
        return new Partition(groups, total);
    }

    /** Sum of pair scores over all unordered pairs of the group. */
    public static int setScore(int[][] scores, int[] group) {
        int s = 0;
        for (int i = 0; i < group.length; i++) {
            for (int j = i + 1; j < group.length; j++) {
                s += scores[group[i]][group[j]];
            }
        }
        return s;
    }

    private static int mask(int[] positions) {
        int m = 0;
        for (int p : positions) {
            m |= 1 << p;
        }
        return m;
    }

    /** A partition and its total score. */
    public record Partition(List<int[]> groups, int score) {
        @Override
        public String toString() {
            return score + ":" + groups.stream().map(Arrays::toString).toList();
        }
    }

    /** Memoised search over the set of not-yet-grouped positions. */
    private static final class Search {
        private final int[][] scores;
        private final int size;
        private final int reqMask;
        private final int paddedRealCount;
        private final int[] memo;
        /** Score of a group by its mask, filled lazily: groups recur across many states. */
        private final int[] groupScores;

        Search(int[][] scores, int size, int reqMask) {
            this.scores = scores;
            this.size = size;
            this.reqMask = reqMask;
            int n = scores.length;
            this.paddedRealCount = n % size;
            this.memo = new int[1 << n];
            Arrays.fill(memo, UNSET);
            this.groupScores = new int[1 << n];
            Arrays.fill(groupScores, UNSET);
        }

        private int groupScore(int groupMask) {
            int cached = groupScores[groupMask];
            if (cached != UNSET) {
                return cached;
            }
            int high = 31 - Integer.numberOfLeadingZeros(groupMask);
            int rest = groupMask & ~(1 << high);
            int s = rest == 0 ? 0 : groupScore(rest);
            int[] row = scores[high];
            for (int m = rest; m != 0; m &= m - 1) {
                s += row[Integer.numberOfTrailingZeros(m)];
            }
            groupScores[groupMask] = s;
            return s;
        }

        /** Best total score for grouping {@code state}, or INFEASIBLE. */
        int best(int state) {
            if (state == 0) {
                return 0;
            }
            int cached = memo[state];
            if (cached != UNSET) {
                return cached;
            }
            int first = Integer.numberOfTrailingZeros(state);
            int[] rest = restOf(state, first);
            int result = scan(state, rest, size - 1, 0, 0, 1 << first);
            if (paddingOpen(state)) {
                result = Math.max(result, scan(state, rest, paddedRealCount - 1, 0, 0, 1 << first));
            }
            memo[state] = result;
            return result;
        }

        /**
         * The first group, in upstream's order, that reaches the best score for {@code state}. Upstream
         * walks combinations of the remaining positions followed by the padding slots in lexicographic
         * order, so a padded group (its real companions, then all the padding) comes after every full
         * group sharing its real prefix.
         */
        int[] firstOptimalGroup(int state) {
            int first = Integer.numberOfTrailingZeros(state);
            int found = walk(state, restOf(state, first), paddingOpen(state), best(state), 0, 0, 1 << first);
            int[] group = new int[Integer.bitCount(found)];
            for (int k = 0; found != 0; k++) {
                group[k] = Integer.numberOfTrailingZeros(found);
                found &= found - 1;
            }
            return group;
        }

        private boolean paddingOpen(int state) {
            return paddedRealCount != 0 && Integer.bitCount(state) % size != 0;
        }

        private static int[] restOf(int state, int first) {
            int remaining = state & ~(1 << first);
            int[] rest = new int[Integer.bitCount(remaining)];
            for (int k = 0; remaining != 0; k++) {
                rest[k] = Integer.numberOfTrailingZeros(remaining);
                remaining &= remaining - 1;
            }
            return rest;
        }

        /** Max over groups {first + k companions from rest} of group score + best(remainder). */
        private int scan(int state, int[] rest, int k, int from, int depth, int groupMask) {
            if (depth == k) {
                if (!allowed(groupMask, k + 1)) {
                    return INFEASIBLE;
                }
                int tail = best(state & ~groupMask);
                return tail == INFEASIBLE ? INFEASIBLE : groupScore(groupMask) + tail;
            }
            int result = INFEASIBLE;
            for (int i = from; i <= rest.length - (k - depth); i++) {
                int r = scan(state, rest, k, i + 1, depth + 1, groupMask | (1 << rest[i]));
                if (r > result) {
                    result = r;
                }
            }
            return result;
        }

        /** A group may not split the required devices, and a group holding them must be padding-free. */
        private boolean allowed(int groupMask, int realCount) {
            int overlap = groupMask & reqMask;
            return overlap == 0 || (overlap == reqMask && realCount == size);
        }

        /**
         * depth = companions chosen so far. Tries real companions in ascending order, then, when the
         * padding is still open and only padding slots are left to fill, the padded group. Returns the
         * mask of the first group reaching {@code target}, or 0.
         */
        private int walk(int state, int[] rest, boolean paddingOpen, int target, int from, int depth, int groupMask) {
            if (depth == size - 1) {
                return reaches(state, groupMask, size, target) ? groupMask : 0;
            }
            for (int i = from; i < rest.length; i++) {
                int found = walk(state, rest, paddingOpen, target, i + 1, depth + 1, groupMask | (1 << rest[i]));
                if (found != 0) {
                    return found;
                }
            }
            if (paddingOpen && depth + 1 == paddedRealCount && reaches(state, groupMask, paddedRealCount, target)) {
                return groupMask;
            }
            return 0;
        }

        private boolean reaches(int state, int groupMask, int realCount, int target) {
            if (!allowed(groupMask, realCount)) {
                return false;
            }
            int tail = best(state & ~groupMask);
            return tail != INFEASIBLE && groupScore(groupMask) + tail == target;
        }
    }
}
