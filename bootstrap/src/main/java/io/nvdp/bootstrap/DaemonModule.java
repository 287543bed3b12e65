package io.nvdp.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.nvdp.adapters.cdi.CdiSpecDirectory;
import io.nvdp.adapters.config.DaemonOptions;
import io.nvdp.adapters.config.LoadedConfig;
import io.nvdp.adapters.grpc.DevicePluginHost;
import io.nvdp.adapters.grpc.HostListener;
import io.nvdp.adapters.nvml.NvmlGpuInventory;
import io.nvdp.adapters.nvml.NvmlHealthEvents;
import io.nvdp.adapters.nvml.NvmlLibrary;
import io.nvdp.adapters.nvml.platform.PlatformDetector;
import io.nvdp.adapters.nvml.platform.TegraGpuInventory;
import io.nvdp.bootstrap.metrics.PluginMetrics;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.cdi.CdiSpecs;
import io.nvdp.domain.health.XidPolicy;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.port.DeviceNodes;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.GpuInventory;
import io.nvdp.domain.port.HealthEvents;
import io.nvdp.simulator.driverroot.SimulatedDriverRoot;
import io.nvdp.simulator.fault.FaultControlServer;
import io.nvdp.simulator.fault.SimulatedHealthEvents;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.NodeProfiles;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires one daemon: the discovery strategy picks the inventory and health adapters. */
final class DaemonModule extends AbstractModule {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonModule.class);

    /** Where plugin sockets go when no kubelet socket names the directory: kubelet's own. */
    static final Path DEFAULT_PLUGIN_DIRECTORY = Path.of("/var/lib/kubelet/device-plugins");

    private final LoadedConfig initial;
    private final ConfigSource configs;
    private final Map<String, String> env;
    private final ConfigFileContent configFile;
    private final ConfigContent loadedFrom;

    /**
     * @param configFile the config file in use (none: empty)
     * @param loadedFrom what the config file held when {@code initial} was loaded
     */
    DaemonModule(LoadedConfig initial, ConfigSource configs, Map<String, String> env, ConfigFileContent configFile,
            ConfigContent loadedFrom) {
        this.initial = initial;
        this.configs = configs;
        this.env = Map.copyOf(env);
        this.configFile = configFile;
        this.loadedFrom = loadedFrom;
    }

    @Override
    protected void configure() {
        bind(PluginMetrics.class).in(Singleton.class);
        bind(DeviceNodes.class).to(FileSystemDeviceNodes.class);
        bind(InstantSource.class).toInstance(InstantSource.system());
    }

    @Provides
    LoadedConfig initialConfig() {
        return initial;
    }

    @Provides
    DaemonOptions options() {
        return initial.daemonOptions();
    }

    @Provides
    @Singleton
    XidPolicy xidPolicy() {
        return XidPolicy.parse(env.getOrDefault("DP_DISABLE_HEALTHCHECKS", ""),
                env.getOrDefault("DP_ENABLE_HEALTHCHECKS", ""));
    }

    @Provides
    @Singleton
    NodeSource nodeSource(DaemonOptions options) {
        return switch (options.deviceDiscoveryStrategy()) {
            case SIMULATED -> simulated(options);
            case NVML -> nvml(nvmlLibrary(options));
            case TEGRA -> tegra("Tegra", new TegraGpuInventory());
            case AUTO -> detected(options);
        };
    }

    /** Upstream's platform detection decides between NVML, Tegra and nothing to serve. */
    private NodeSource detected(DaemonOptions options) {
        NvmlLibrary library = nvmlLibrary(options);
        // A test hook like the sys and proc roots: the Tegra marker files are looked up under it.
        Path hostRoot = Path.of(env.getOrDefault("NVDP_HOST_ROOT", "/"));
        return switch (new PlatformDetector(hostRoot, library).detect()) {
            case NVML -> nvml(library);
            case TEGRA -> tegra("Tegra", new TegraGpuInventory());
            case NONE -> failing("no platform", new DiscoveryException(DiscoveryException.Kind.INIT_FAILED,
                    "platform detection failed"));
        };
    }

    /** A Tegra system: health checks off and CDI off, as upstream serves it. */
    private static NodeSource tegra(String description, GpuInventory inventory) {
        return new NodeSource(description, inventory, noHealthEvents(), List.of(), false, () -> {
            throw new IllegalStateException("a Tegra system has no CDI specs");
        });
    }

    @Provides
    @Singleton
    DevicePluginHost host(DaemonOptions options, PluginMetrics metrics) {
        HostListener listener = new HostListener() {
            @Override
            public void registered(ResourceName resource) {
                metrics.registered(resource.value());
            }

            @Override
            public void registrationFailed(ResourceName resource, String error) {
                metrics.registrationFailed(resource.value());
            }
        };
        if (!options.registersWithKubelet()) {
            return new DevicePluginHost(DEFAULT_PLUGIN_DIRECTORY, Optional.empty(), listener);
        }
        return new DevicePluginHost(options.kubeletSocket(), listener);
    }

    @Provides
    @Singleton
    CdiSpecDirectory cdiSpecDirectory(DaemonOptions options, NodeSource nodeSource) {
        return new CdiSpecDirectory(options.cdiSpecDir(), nodeSource.driverVersion());
    }

    @Provides
    CdiSpecs cdiSpecs(CdiSpecDirectory directory) {
        return directory;
    }

    @Provides
    @Singleton
    Daemon daemon(NodeSource nodeSource, DeviceNodes deviceNodes, DevicePluginHost host, PluginMetrics metrics,
            XidPolicy xidPolicy, InstantSource clock, CdiSpecs cdiSpecs) {
        return new Daemon(initial, configs, nodeSource, deviceNodes, host, metrics, xidPolicy, clock, cdiSpecs);
    }

    @Provides
    @Singleton
    Lifecycle lifecycle(Daemon daemon, DaemonOptions options, PluginMetrics metrics) {
        return new Lifecycle(daemon, options, metrics, configFile::current, loadedFrom, new Lifecycle.Outside(
                OsSignals::install, ConfigWatch.of(configFile), code -> Runtime.getRuntime().halt(code)));
    }

    private static NodeSource simulated(DaemonOptions options) {
        NodeProfile profile;
        try {
            profile = NodeProfiles.load(options.simulatedNode());
        } catch (DomainException e) {
            return failing("simulated", new DiscoveryException(DiscoveryException.Kind.INVALID, e.getMessage()));
        }
        if (profile.isTegra()) {
            return tegra("simulated Tegra node '" + options.simulatedNode() + "'", new SimulatedGpuInventory(profile));
        }
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
        List<AutoCloseable> resources = new ArrayList<>();
        options.faultControlSocket().ifPresent(socket -> {
            resources.add(FaultControlServer.open(socket, health));
            LOG.info("Accepting simulated faults on {}", socket);
        });
        return new NodeSource("simulated node '" + options.simulatedNode() + "'", new SimulatedGpuInventory(profile),
                health, resources, () -> SimulatedDriverRoot.DRIVER_VERSION);
    }

    private NvmlLibrary nvmlLibrary(DaemonOptions options) {
        return options.nvmlLibrary().map(NvmlLibrary::at)
                .orElseGet(() -> NvmlLibrary.underDriverRoot(Path.of(initial.pluginConfig().nvidiaDriverRoot())));
    }

    private NodeSource nvml(NvmlLibrary library) {
        // The host roots are test hooks: the fake-NVML tier points them at fixtures written from a profile.
        Path sysRoot = Path.of(env.getOrDefault("NVDP_HOST_SYS_ROOT", "/sys"));
        Path procRoot = Path.of(env.getOrDefault("NVDP_HOST_PROC_ROOT", "/proc"));
        NvmlGpuInventory inventory = new NvmlGpuInventory(library, sysRoot, procRoot);
        return new NodeSource("NVML", inventory, new NvmlHealthEvents(library), List.of(), inventory::driverVersion);
    }

    /** A source whose discovery fails with {@code error}, so failOnInitError decides what happens. */
    private static NodeSource failing(String description, DiscoveryException error) {
        GpuInventory inventory = () -> {
            throw error;
        };
        return new NodeSource(description, inventory, noHealthEvents(), List.of(), () -> {
            throw error;
        });
    }

    /** A health source that never reports anything (nothing to watch). */
    private static HealthEvents noHealthEvents() {
        return new HealthEvents() {
            @Override
            public Watch start(io.nvdp.domain.model.Node node, Consumer<io.nvdp.domain.port.HealthEvent> sink) {
                return () -> { };
            }

            @Override
            public boolean isUsable(String gpuUuid) {
                return false;
            }
        };
    }
}
