package io.nvdp.domain.cdi;

import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.plan.ResourcePlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which CDI specs the plugin publishes and what their devices are called: the one decision that
 * both the specs and Allocate's CDI names follow, so every name Allocate returns resolves.
 *
 * <p>The GPU spec defines every GPU and every MIG device of the node whatever the MIG strategy
 * (a reload may change the strategy; the names stay valid), each named by the device ID strategy.
 * GDS and MOFED, when enabled, each get a spec with one device, {@code all}.
 *
 * @param specs                the specs to publish; empty when no CDI strategy is chosen
 * @param containerDriverRoot  where the plugin sees the host's driver root (to find its files)
 * @param hostDriverRoot       the driver root as the host sees it (the paths written into the specs)
 * @param nvidiaCtkPath        the {@code nvidia-ctk} the specs' hooks run, as the host sees it
 */
public record CdiPlan(List<CdiSpec> specs, String containerDriverRoot, String hostDriverRoot, String nvidiaCtkPath) {
    /** The name of the device that stands for every GDS or MOFED device. */
    public static final String ALL = "all";

    public CdiPlan {
        specs = List.copyOf(specs);
        Objects.requireNonNull(containerDriverRoot, "containerDriverRoot");
        Objects.requireNonNull(hostDriverRoot, "hostDriverRoot");
        Objects.requireNonNull(nvidiaCtkPath, "nvidiaCtkPath");
    }

    /** The specs for {@code node} under {@code config}; none when {@code config} uses no CDI strategy. */
    public static CdiPlan of(Node node, PluginConfig config) {
        List<CdiSpec> specs = new ArrayList<>();
        if (config.cdiEnabled()) {
            specs.add(new CdiSpec(CdiClass.GPU, gpuDevices(node, config)));
            if (config.gdsEnabled()) {
                specs.add(new CdiSpec(CdiClass.GDS, List.of(new CdiDevice(ALL, CdiClass.GDS.hostDeviceNodes()))));
            }
            if (config.mofedEnabled()) {
                specs.add(new CdiSpec(CdiClass.MOFED, List.of(new CdiDevice(ALL, CdiClass.MOFED.hostDeviceNodes()))));
            }
        }
        return new CdiPlan(specs, config.containerDriverRoot(), config.nvidiaDriverRoot(), config.nvidiaCtkPath());
    }

    /**
     * The qualified CDI names that give a container {@code devices}: one per distinct device (the
     * replicas of a GPU share their GPU's name), in request order, then GDS's and MOFED's {@code all}.
     */
    public static List<String> qualifiedNames(List<AdvertisedDevice> devices, PluginConfig config) {
        Set<String> names = new LinkedHashSet<>();
        for (AdvertisedDevice d : devices) {
            names.add(CdiClass.GPU.qualifiedName(deviceName(d, config)));
        }
        if (config.gdsEnabled()) {
            names.add(CdiClass.GDS.qualifiedName(ALL));
        }
        if (config.mofedEnabled()) {
            names.add(CdiClass.MOFED.qualifiedName(ALL));
        }
        return List.copyOf(names);
    }

    public boolean enabled() {
        return !specs.isEmpty();
    }

    /** Every qualified name the plan's specs define. */
    public Set<String> qualifiedNames() {
        Set<String> names = new LinkedHashSet<>();
        for (CdiSpec spec : specs) {
            spec.devices().forEach(d -> names.add(spec.cdiClass().qualifiedName(d.name())));
        }
        return names;
    }

    private static String deviceName(AdvertisedDevice device, PluginConfig config) {
        return config.deviceIdStrategy().idOf(device);
    }

    /** Every GPU first, then the MIG devices, as the advertised devices would be built from them. */
    private static List<CdiDevice> gpuDevices(Node node, PluginConfig config) {
        List<CdiDevice> devices = new ArrayList<>();
        List<Gpu> gpus = ResourcePlan.visibleGpus(node);
        for (Gpu gpu : gpus) {
            AdvertisedDevice d = ResourcePlan.fullGpu(gpu);
            devices.add(new CdiDevice(deviceName(d, config), d.paths()));
        }
        for (Gpu gpu : gpus) {
            if (!gpu.migEnabled()) {
                continue;
            }
            for (MigDevice mig : gpu.migDevices()) {
                // Without both capability nodes a MIG device cannot be used (and is never advertised).
                if (mig.capabilityDevicePaths().size() >= 2) {
                    AdvertisedDevice d = ResourcePlan.migDevice(gpu, mig);
                    devices.add(new CdiDevice(deviceName(d, config), d.paths()));
                }
            }
        }
        return devices;
    }
}
