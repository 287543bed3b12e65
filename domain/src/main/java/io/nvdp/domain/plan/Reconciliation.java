package io.nvdp.domain.plan;

import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.model.ResourceName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a change of plan does to each resource, decided once for everyone who acts on it (the
 * daemon, the kubelet-facing host, health tracking):
 * <ul>
 *   <li>{@code kept}: same devices (health ignored) and the same answers under the new config; its
 *       plugin, socket and registration stay untouched;</li>
 *   <li>{@code replaced}: still advertised, but its devices or its answers change; a new plugin
 *       takes over its socket;</li>
 *   <li>{@code started}: new;</li>
 *   <li>{@code retired}: no longer advertised.</li>
 * </ul>
 * Every list is sorted by resource name; together they name each resource of both plans once.
 */
public record Reconciliation(List<ResourceName> kept, List<ResourceDevices> replaced, List<ResourceDevices> started,
        List<ResourceName> retired) {

    public Reconciliation {
        kept = List.copyOf(kept);
        replaced = List.copyOf(replaced);
        started = List.copyOf(started);
        retired = List.copyOf(retired);
    }

    /** From nothing served (first start) to {@code next}: every resource starts. */
    public static Reconciliation firstStart(ServedPlan next) {
        return between(Optional.empty(), next);
    }

    public static Reconciliation between(Optional<ServedPlan> running, ServedPlan next) {
        Map<ResourceName, ResourceDevices> before = new TreeMap<>();
        running.ifPresent(r -> r.plan().resources().forEach(d -> before.put(d.name(), d)));
        Map<ResourceName, ResourceDevices> after = new TreeMap<>();
        next.plan().resources().forEach(d -> after.put(d.name(), d));
        List<ResourceName> kept = new ArrayList<>();
        List<ResourceDevices> replaced = new ArrayList<>();
        List<ResourceDevices> started = new ArrayList<>();
        after.forEach((name, devices) -> {
            ResourceDevices old = before.get(name);
            if (old == null) {
                started.add(devices);
            } else if (old.sameDevicesAs(devices) && answersAlike(running.get().config(), next.config(), devices)) {
                kept.add(name);
            } else {
                replaced.add(devices);
            }
        });
        List<ResourceName> retired = before.keySet().stream().filter(n -> !after.containsKey(n)).toList();
        return new Reconciliation(kept, replaced, started, retired);
    }

    /** The resources that need a new plugin: replaced and started, by name. */
    public List<ResourceDevices> toServe() {
        List<ResourceDevices> serve = new ArrayList<>(replaced);
        serve.addAll(started);
        serve.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(serve);
    }

    /** The resources whose running plugin goes away: replaced and retired. */
    public Set<ResourceName> toStop() {
        Set<ResourceName> stop = new LinkedHashSet<>();
        replaced.forEach(d -> stop.add(d.name()));
        stop.addAll(retired);
        return Set.copyOf(stop);
    }

    /** The resources served once this is applied: kept, replaced and started. */
    public Set<ResourceName> served() {
        Set<ResourceName> served = new LinkedHashSet<>(kept);
        toServe().forEach(d -> served.add(d.name()));
        return Set.copyOf(served);
    }

    /** True when every resource is kept. */
    public boolean changesNothing() {
        return replaced.isEmpty() && started.isEmpty() && retired.isEmpty();
    }

    /**
     * Whether a plugin with unchanged devices answers Allocate and GetPreferredAllocation the same
     * under the new configuration: everything but time-slicing must be equal; of time-slicing, the
     * replica count is in the devices already, so only failRequestsGreaterThanOne is left, and only
     * for replicated devices.
     */
    private static boolean answersAlike(PluginConfig before, PluginConfig after, ResourceDevices devices) {
        if (!before.withTimeSlicing(TimeSlicing.NONE).equals(after.withTimeSlicing(TimeSlicing.NONE))) {
            return false;
        }
        boolean replicated = devices.devices().stream().anyMatch(d -> d.replica().isPresent());
        return !replicated
                || before.timeSlicing().failRequestsGreaterThanOne() == after.timeSlicing().failRequestsGreaterThanOne();
    }
}
