package io.nvdp.domain.config;

import java.util.List;
import java.util.Objects;

/**
 * The merged, validated configuration the domain runs on: what decides the advertised resources
 * and every Allocate / GetPreferredAllocation answer. Built by the config adapter from flags, env
 * vars and the config file; it knows nothing of where its values came from.
 */
public record PluginConfig(
        MigStrategy migStrategy,
        boolean failOnInitError,
        String nvidiaDriverRoot,
        boolean passDeviceSpecs,
        List<DeviceListStrategy> deviceListStrategies,
        DeviceIdStrategy deviceIdStrategy,
        boolean gdsEnabled,
        boolean mofedEnabled,
        String cdiAnnotationPrefix,
        String nvidiaCtkPath,
        String containerDriverRoot,
        SharedAllocationPolicy sharedAllocationPolicy,
        TimeSlicing timeSlicing) {

    public static final String DEFAULT_CDI_ANNOTATION_PREFIX = "cdi.k8s.io/";
    public static final String DEFAULT_NVIDIA_CTK_PATH = "/usr/bin/nvidia-ctk";
    public static final String DEFAULT_CONTAINER_DRIVER_ROOT = "/driver-root";

    public PluginConfig {
        Objects.requireNonNull(migStrategy, "migStrategy");
        Objects.requireNonNull(nvidiaDriverRoot, "nvidiaDriverRoot");
        deviceListStrategies = deviceListStrategies.stream().distinct().toList();
        if (deviceListStrategies.isEmpty()) {
            throw new IllegalArgumentException("at least one device list strategy is needed");
        }
        Objects.requireNonNull(deviceIdStrategy, "deviceIdStrategy");
        Objects.requireNonNull(cdiAnnotationPrefix, "cdiAnnotationPrefix");
        Objects.requireNonNull(nvidiaCtkPath, "nvidiaCtkPath");
        Objects.requireNonNull(containerDriverRoot, "containerDriverRoot");
        Objects.requireNonNull(sharedAllocationPolicy, "sharedAllocationPolicy");
        Objects.requireNonNull(timeSlicing, "timeSlicing");
    }

    /** Upstream's defaults, with no config file, flag or env var. */
    public static PluginConfig defaults() {
        return new PluginConfig(MigStrategy.NONE, true, "/", false, List.of(DeviceListStrategy.ENVVAR),
                DeviceIdStrategy.UUID, false, false, DEFAULT_CDI_ANNOTATION_PREFIX, DEFAULT_NVIDIA_CTK_PATH,
                DEFAULT_CONTAINER_DRIVER_ROOT, SharedAllocationPolicy.DISTRIBUTED, TimeSlicing.NONE);
    }

    public boolean cdiEnabled() {
        return deviceListStrategies.stream().anyMatch(DeviceListStrategy::isCdi);
    }

    public PluginConfig withTimeSlicing(TimeSlicing newTimeSlicing) {
        return new PluginConfig(migStrategy, failOnInitError, nvidiaDriverRoot, passDeviceSpecs, deviceListStrategies,
                deviceIdStrategy, gdsEnabled, mofedEnabled, cdiAnnotationPrefix, nvidiaCtkPath, containerDriverRoot,
                sharedAllocationPolicy, newTimeSlicing);
    }

    public PluginConfig withMigStrategy(MigStrategy newMigStrategy) {
        return new PluginConfig(newMigStrategy, failOnInitError, nvidiaDriverRoot, passDeviceSpecs, deviceListStrategies,
                deviceIdStrategy, gdsEnabled, mofedEnabled, cdiAnnotationPrefix, nvidiaCtkPath, containerDriverRoot,
                sharedAllocationPolicy, timeSlicing);
    }
}
