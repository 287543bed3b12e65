package io.nvdp.domain.plan;

import io.nvdp.domain.model.ResourceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reload changes, resource by resource (health ignored). A plugin whose resource is
 * {@link #unchanged()} can keep running, provided the rest of the configuration (strategies,
 * driver root, ...) is unchanged too: compare the two {@code PluginConfig}s for that.
 */
public record PlanDiff(List<ResourceName> added, List<ResourceName> removed, List<ResourceName> changed,
        List<ResourceName> unchanged) {

    public PlanDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
    }

    public static PlanDiff between(ResourcePlan previous, ResourcePlan next) {
        Map<ResourceName, ResourceDevices> before = new TreeMap<>();
        previous.resources().forEach(r -> before.put(r.name(), r));
        Map<ResourceName, ResourceDevices> after = new TreeMap<>();
        next.resources().forEach(r -> after.put(r.name(), r));
        List<ResourceName> added = new ArrayList<>();
        List<ResourceName> removed = new ArrayList<>();
        List<ResourceName> changed = new ArrayList<>();
        List<ResourceName> unchanged = new ArrayList<>();
        after.forEach((name, devices) -> {
            ResourceDevices old = before.get(name);
            if (old == null) {
                added.add(name);
            } else if (old.sameDevicesAs(devices)) {
                unchanged.add(name);
            } else {
                changed.add(name);
            }
        });
        before.keySet().stream().filter(n -> !after.containsKey(n)).forEach(removed::add);
        return new PlanDiff(added, removed, changed, unchanged);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
}
