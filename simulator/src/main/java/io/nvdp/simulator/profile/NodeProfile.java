package io.nvdp.simulator.profile;

import io.nvdp.domain.model.DriverVersions;
import io.nvdp.domain.model.Gpu;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded and validated node profile: every GPU as NVML would list it (display adapters included,
 * ordered by index, UUIDs, minors, bus ids and MIG capability paths filled in), the links between them,
 * an optional init error and the scheduled faults.
 *
 * @param name      the profile's name (its {@code name} key, else the built-in name or file base name)
 * @param source    where it came from: the built-in name or the file path as given
 * @param initError when present, discovery fails with this message (NVML init failure)
 * @param gpus      all GPUs, by index 0..n-1, display adapters included
 * @param links     one entry per GPU pair the profile says something about
 * @param faults    scheduled faults, ordered by {@code after}
 * @param nvswitch  the NVSwitch fabric, when the GPUs have one (its lanes are in {@code links} too)
 * @param driver    the driver and CUDA versions NVML reports
 */
public record NodeProfile(
        String name,
        String source,
        Optional<String> initError,
        List<Gpu> gpus,
        List<ProfileLink> links,
        List<ScheduledFault> faults,
        Optional<NvSwitchFabric> nvswitch,
        DriverVersions driver) {

    /** Product names go-nvlib skips by default: display adapters, not compute GPUs. */
    public static final Set<String> DISPLAY_ADAPTER_NAMES = Set.of("DGX Display", "NVIDIA DGX Display");

    public NodeProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(initError, "initError");
        gpus = List.copyOf(gpus);
        links = List.copyOf(links);
        faults = List.copyOf(faults);
        Objects.requireNonNull(nvswitch, "nvswitch");
        Objects.requireNonNull(driver, "driver");
    }

    public static boolean isDisplayAdapter(Gpu gpu) {
        return DISPLAY_ADAPTER_NAMES.contains(gpu.productName());
    }

    /** Whether this is a Tegra system ({@code platform: tegra}): its integrated GPU only. */
    public boolean isTegra() {
        return gpus.equals(List.of(Gpu.tegra()));
    }

    /** The GPU at NVML index {@code index}. */
    public Gpu gpu(int index) {
        return gpus.get(index);
    }

    public Optional<Gpu> gpuByUuid(String uuid) {
        return gpus.stream().filter(g -> g.uuid().equals(uuid)).findFirst();
    }

    /** The GPUs discovery reports: all but display adapters. */
    public List<Gpu> discoverableGpus() {
        return gpus.stream().filter(g -> !isDisplayAdapter(g)).toList();
    }

    /** The link between two GPUs by index, in either order. */
    public Optional<ProfileLink> link(int x, int y) {
        int a = Math.min(x, y);
        int b = Math.max(x, y);
        return links.stream().filter(l -> l.a() == a && l.b() == b).findFirst();
    }
}
