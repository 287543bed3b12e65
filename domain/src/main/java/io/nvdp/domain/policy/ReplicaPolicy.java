package io.nvdp.domain.policy;

import io.nvdp.domain.config.SharedAllocationPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code distributed} and {@code packed} preferred-allocation policies for replicas and MIG devices
 * (spec 5.4). Devices are grouped by their physical unit (the replica-stripped UUID). A unit's
 * "allocated" count is its devices that are not candidates here (used elsewhere, required, or picked in
 * this call). Each pick takes the unit with the fewest (distributed) or most (packed) allocated, ties
 * broken by fewer picks from that unit in this call (HEAD's rule, which spreads across distinct units),
 * then by candidate order, so the answer is deterministic.
 */
public final class ReplicaPolicy {
    private ReplicaPolicy() {
    }

    /**
     * @param allDevices every device ID of the resource (for the per-unit totals)
     * @param candidates usable, distinct device IDs offered, minus the required ones, in offer order
     * @param required   the must-include IDs, returned first in the given order
     * @param needed     how many candidates to pick; callers check there are enough
     * @param unitOf     the physical unit of a device ID
     */
    public static List<String> allocate(SharedAllocationPolicy policy, List<String> allDevices, List<String> candidates,
            List<String> required, int needed, Function<String, String> unitOf) {
        return allocate(policy, unitTotals(allDevices, unitOf), candidates, required, needed, unitOf);
    }

    /**
     * How many device IDs each unit has: what {@link #allocate} needs of the resource's whole device
     * list, so a caller answering many requests for the same devices computes it once.
     */
    public static Map<String, Integer> unitTotals(List<String> allDevices, Function<String, String> unitOf) {
        Map<String, Integer> totals = new HashMap<>();
        for (String d : allDevices) {
            totals.merge(unitOf.apply(d), 1, Integer::sum);
        }
        return Map.copyOf(totals);
    }

    /**
     * @param unitTotals how many device IDs each unit has, from {@link #unitTotals}
     * @see #allocate(SharedAllocationPolicy, List, List, List, int, Function)
     */
    public static List<String> allocate(SharedAllocationPolicy policy, Map<String, Integer> unitTotals,
            List<String> candidates, List<String> required, int needed, Function<String, String> unitOf) {
        if (candidates.size() < needed) {
            throw new IllegalArgumentException("not enough candidates: " + candidates.size() + " < " + needed);
        }
        Map<String, Unit> units = new LinkedHashMap<>();
        for (String c : candidates) {
            units.computeIfAbsent(unitOf.apply(c), u -> new Unit()).queue.add(c);
        }
        for (Map.Entry<String, Unit> e : units.entrySet()) {
            Unit u = e.getValue();
            u.allocated = unitTotals.getOrDefault(e.getKey(), u.queue.size()) - u.queue.size();
        }
        for (String r : required) {
            Unit u = units.get(unitOf.apply(r));
            if (u != null) {
                u.picked++;
            }
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            position.putIfAbsent(candidates.get(i), i);
        }
        boolean packed = policy == SharedAllocationPolicy.PACKED;
        List<String> result = new ArrayList<>(required);
        for (int n = 0; n < needed; n++) {
            Unit best = null;
            for (Unit u : units.values()) {
                if (u.queue.isEmpty()) {
                    continue;
                }
                if (best == null || better(u, best, packed, position)) {
                    best = u;
                }
            }
            result.add(best.queue.poll());
            best.allocated++;
            best.picked++;
        }
        return result;
    }

    private static boolean better(Unit a, Unit b, boolean packed, Map<String, Integer> position) {
        if (a.allocated != b.allocated) {
            return packed ? a.allocated > b.allocated : a.allocated < b.allocated;
        }
        if (a.picked != b.picked) {
            return a.picked < b.picked;
        }
        return position.get(a.queue.peek()) < position.get(b.queue.peek());
    }

    private static final class Unit {
        final Deque<String> queue = new ArrayDeque<>();
        int allocated;
        int picked;
    }
}
