package io.nvdp.domain.plugin;

import io.nvdp.domain.allocation.ContainerAllocation;
import io.nvdp.domain.allocation.DeviceSpec;
import io.nvdp.domain.allocation.Mount;
import io.nvdp.domain.cdi.CdiPlan;
import io.nvdp.domain.config.DeviceListStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.port.DeviceNodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Composes one container's Allocate answer from the device list strategies (spec 4.2-4.4). */
final class AllocationBuilder {
    static final String VISIBLE_DEVICES = "NVIDIA_VISIBLE_DEVICES";
    static final String DEVICE_LIST_DIRECTORY = "/var/run/nvidia-container-devices";
    static final List<String> CONTROL_NODES =
            List.of("/dev/nvidiactl", "/dev/nvidia-uvm", "/dev/nvidia-uvm-tools", "/dev/nvidia-modeset");

    private final PluginConfig config;
    private final DeviceNodes deviceNodes;
    private final Supplier<String> responseIds;

    AllocationBuilder(PluginConfig config, DeviceNodes deviceNodes, Supplier<String> responseIds) {
        this.config = config;
        this.deviceNodes = deviceNodes;
        this.responseIds = responseIds;
    }

    /** @param devices the requested devices, known and in request order (duplicates possible) */
    ContainerAllocation build(List<AdvertisedDevice> devices) {
        List<String> ids = runtimeIds(devices);
        List<DeviceListStrategy> strategies = config.deviceListStrategies();
        // HEAD (v0.16.0) skips the env var, mounts and device specs when only CDI strategies are chosen: the
        // runtime then injects the devices from the CDI spec. v0.14.1 never set the env var or mounts in that
        // case either, and only its device specs differ; HEAD's answer is the consistent one, so it is used.
        boolean cdiOnly = strategies.stream().allMatch(DeviceListStrategy::isCdi);

        // Always initialised (v0.14.1 crashed on GDS/MOFED with a CDI-only strategy: spec 4.3 [quirk]).
        Map<String, String> envs = new LinkedHashMap<>();
        List<Mount> mounts = new ArrayList<>();
        if (!cdiOnly) {
            if (strategies.contains(DeviceListStrategy.ENVVAR)) {
                envs.put(VISIBLE_DEVICES, String.join(",", ids));
            }
            if (strategies.contains(DeviceListStrategy.VOLUME_MOUNTS)) {
                // The env var names a directory; the runtime reads the device list from the mount names.
                envs.put(VISIBLE_DEVICES, DEVICE_LIST_DIRECTORY);
                for (String id : ids) {
                    mounts.add(new Mount(DEVICE_LIST_DIRECTORY + "/" + id, "/dev/null", false));
                }
            }
        }
        if (config.gdsEnabled()) {
            envs.put("NVIDIA_GDS", "enabled");
        }
        if (config.mofedEnabled()) {
            envs.put("NVIDIA_MOFED", "enabled");
        }

        List<String> cdiNames = CdiPlan.qualifiedNames(devices, config);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (strategies.contains(DeviceListStrategy.CDI_ANNOTATIONS) && !cdiNames.isEmpty()) {
            annotations.put(config.cdiAnnotationPrefix() + "nvidia-device-plugin_" + responseIds.get(),
                    String.join(",", cdiNames));
        }
        List<String> cdiDevices = strategies.contains(DeviceListStrategy.CDI_CRI) ? cdiNames : List.of();

        List<DeviceSpec> specs = config.passDeviceSpecs() && !cdiOnly ? deviceSpecs(devices) : List.of();
        return new ContainerAllocation(envs, mounts, specs, annotations, cdiDevices);
    }

    /** Spec 4.2 with HEAD's recommended behaviour: request order, duplicates (replicas of one GPU) removed. */
    private List<String> runtimeIds(List<AdvertisedDevice> devices) {
        Set<String> ids = new LinkedHashSet<>();
        for (AdvertisedDevice d : devices) {
            ids.add(config.deviceIdStrategy().idOf(d));
        }
        return List.copyOf(ids);
    }

    private List<DeviceSpec> deviceSpecs(List<AdvertisedDevice> devices) {
        Set<String> paths = new LinkedHashSet<>();
        for (String node : CONTROL_NODES) {
            // Checked at the plain path, inside the plugin's own container, as upstream does.
            if (deviceNodes.exists(node)) {
                paths.add(node);
            }
        }
        for (AdvertisedDevice d : devices) {
            paths.addAll(d.paths());
        }
        List<DeviceSpec> specs = new ArrayList<>();
        for (String path : paths) {
            specs.add(new DeviceSpec(path, hostPath(config.nvidiaDriverRoot(), path), "rw"));
        }
        return specs;
    }

    /** {@code root} joined with {@code path}, as Go's filepath.Join would for these inputs. */
    static String hostPath(String root, String path) {
        String r = root;
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        String p = path.startsWith("/") ? path : "/" + path;
        return r + p;
    }
}
