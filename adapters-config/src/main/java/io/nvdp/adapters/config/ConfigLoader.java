package io.nvdp.adapters.config;

import io.nvdp.adapters.config.v1.Config;
import io.nvdp.adapters.config.v1.ConfigParser;
import io.nvdp.adapters.config.v1.Flags;
import io.nvdp.adapters.config.v1.GoDuration;
import io.nvdp.adapters.config.v1.PluginFlags;
import io.nvdp.adapters.config.v1.ReplicatedDevices;
import io.nvdp.adapters.config.v1.ReplicatedResource;
import io.nvdp.adapters.config.v1.Resources;
import io.nvdp.adapters.config.v1.Sharing;
import io.nvdp.adapters.config.v1.TimeSlicing;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.config.DeviceIdStrategy;
import io.nvdp.domain.config.DeviceListStrategy;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.SharedAllocationPolicy;
import io.nvdp.domain.model.ResourceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the command line, the environment and the config file into a {@link LoadedConfig}, with
 * upstream v0.14.1's precedence (CLI > env > file > default, per option), restrictions, defaults,
 * validation and error texts. Stateless: calling {@link #load} again re-reads the file (reload).
 */
public final class ConfigLoader {
    public static final String PROGRAM_NAME = "nvidia-device-plugin";

    static final String RESOURCES_IGNORED =
            "Customizing the 'resources' field is not yet supported in the config. Ignoring...";
    static final String RENAME_IGNORED =
            "Setting the 'rename' field in sharing.timeSlicing.resources is not yet supported in the config. Ignoring...";
    static final String DEVICES_IGNORED =
            "Customizing the 'devices' field in sharing.timeSlicing.resources is not yet supported in the config. Ignoring...";

    /**
     * Decides what the command line asks for: help, the version, or a run with the loaded config.
     *
     * @throws ConfigException one line naming the bad flag, env var, config field or value
     */
    public Invocation parse(List<String> args, Map<String, String> env) {
        Optional<String> info = FlagValues.requestedInfo(args);
        if (info.isPresent()) {
            return info.get().equals("help")
                    ? new Invocation.ShowHelp(HelpText.render())
                    : new Invocation.ShowVersion(PROGRAM_NAME + " version " + HelpText.version());
        }
        return new Invocation.Run(load(args, env));
    }

    /**
     * Loads the configuration (again, on reload) from {@code args}, {@code env} and the config file
     * they name.
     *
     * @throws ConfigException e.g. {@code unable to load config: unable to finalize config: unable to
     *     parse config file: error parsing config file: unknown version: v2}
     */
    public LoadedConfig load(List<String> args, Map<String, String> env) {
        FlagValues flags = FlagValues.parse(args, env);
        String configFile = flags.string(Flag.CONFIG_FILE);
        Config fromFile = configFile.isEmpty() ? Config.empty() : readFile(Path.of(configFile));

        Config merged = fromFile.withFlags(mergeFlags(flags, fromFile.flags()));
        validate(merged.flags(), flags);

        List<String> warnings = new ArrayList<>();
        merged = disableResourceRenaming(merged, warnings);
        merged = addDefaultResources(merged);

        MigStrategy migStrategy = parseOrWrap(MigStrategy::parse, merged.flags().migStrategy(),
                "error creating plugin manager");
        return new LoadedConfig(toPluginConfig(merged, migStrategy), daemonOptions(flags, merged.flags(), configFile),
                merged, warnings);
    }

    private static Config readFile(Path file) {
        try {
            return ConfigParser.read(file);
        } catch (ConfigException e) {
            throw e.wrap("unable to parse config file").wrap("unable to finalize config").wrap("unable to load config");
        }
    }

    private static Flags mergeFlags(FlagValues flags, Flags file) {
        PluginFlags plugin = file.plugin() == null ? PluginFlags.EMPTY : file.plugin();
        return new Flags(
                flags.resolve(Flag.MIG_STRATEGY, file.migStrategy()),
                flags.resolve(Flag.FAIL_ON_INIT_ERROR, file.failOnInitError()),
                flags.resolve(Flag.NVIDIA_DRIVER_ROOT, file.nvidiaDriverRoot()),
                flags.resolve(Flag.GDS_ENABLED, file.gdsEnabled()),
                flags.resolve(Flag.MOFED_ENABLED, file.mofedEnabled()),
                flags.resolve(Flag.DEVICE_DISCOVERY_STRATEGY, file.deviceDiscoveryStrategy()),
                new PluginFlags(
                        flags.resolve(Flag.PASS_DEVICE_SPECS, plugin.passDeviceSpecs()),
                        flags.resolve(Flag.DEVICE_LIST_STRATEGY, plugin.deviceListStrategy()),
                        flags.resolve(Flag.DEVICE_ID_STRATEGY, plugin.deviceIDStrategy()),
                        flags.resolve(Flag.CDI_ANNOTATION_PREFIX, plugin.cdiAnnotationPrefix()),
                        flags.resolve(Flag.NVIDIA_CTK_PATH, plugin.nvidiaCTKPath()),
                        flags.resolve(Flag.CONTAINER_DRIVER_ROOT, plugin.containerDriverRoot()),
                        flags.resolve(Flag.SHARED_DEVICES_ALLOCATION_POLICY, plugin.sharedDevicesAllocationPolicy())),
                // The plugin drops GFD's section after the merge.
                null);
    }

    /** Upstream's validateFlags, plus HEAD's checks for the options it added and ours. */
    private static void validate(Flags merged, FlagValues flags) {
        String context = "unable to load config: unable to validate flags";
        List<String> listStrategies = merged.plugin().deviceListStrategy();
        if (listStrategies.isEmpty()) {
            throw new ConfigException(context + ": invalid --device-list-strategy option: no strategy specified");
        }
        listStrategies.forEach(s -> parseOrWrap(DeviceListStrategy::parse, s, context));
        parseOrWrap(DeviceIdStrategy::parse, merged.plugin().deviceIDStrategy(), context);
        parseOrWrap(SharedAllocationPolicy::parse, merged.plugin().sharedDevicesAllocationPolicy(), context);
        parseOrWrap(DeviceDiscoveryStrategy::parse, merged.deviceDiscoveryStrategy(), context);

        Duration recovery = flags.duration(Flag.HEALTH_RECOVERY_INTERVAL);
        if (recovery.isNegative()) {
            throw new ConfigException(context + ": invalid --health-recovery-interval option: "
                    + GoDuration.format(recovery) + " (must not be negative)");
        }
        String metrics = flags.string(Flag.METRICS_ADDRESS);
        if (!metrics.isEmpty() && !isHostPort(metrics)) {
            throw new ConfigException(context + ": invalid --metrics-address option: " + metrics
                    + " (want host:port)");
        }
        String cdiSpecDir = flags.string(Flag.CDI_SPEC_DIR);
        if (!cdiSpecDir.startsWith("/")) {
            throw new ConfigException(context + ": invalid --cdi-spec-dir option: '" + cdiSpecDir
                    + "' (want an absolute path)");
        }
    }

    private static boolean isHostPort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String port = address.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Integer.parseInt(port) <= 65535;
    }

    private static <T> T parseOrWrap(Function<String, T> parser, String value, String context) {
        try {
            return parser.apply(value);
        } catch (DomainException e) {
            throw new ConfigException(context + ": " + e.getMessage());
        }
    }

    /**
     * Upstream's runtime restrictions: user resources are dropped, {@code rename} is forced to
     * nothing or {@code <name>.shared}, and {@code devices} to {@code all}.
     */
    private static Config disableResourceRenaming(Config config, List<String> warnings) {
        if (!config.resources().isEmpty()) {
            warnings.add(RESOURCES_IGNORED);
        }
        TimeSlicing timeSlicing = config.sharing().timeSlicing();
        boolean renameByDefault = timeSlicing.renameByDefault();
        boolean renameOverridden = false;
        boolean devicesOverridden = false;
        List<ReplicatedResource> restricted = new ArrayList<>();
        for (ReplicatedResource resource : timeSlicing.resources()) {
            ResourceName wanted = renameByDefault ? resource.name().shared() : null;
            if (!Objects.equals(resource.rename(), wanted)) {
                renameOverridden = true;
                resource = resource.withRename(wanted);
            }
            if (!resource.devices().isAll()) {
                devicesOverridden = true;
                resource = resource.withDevices(ReplicatedDevices.ALL);
            }
            restricted.add(resource);
        }
        if (renameOverridden) {
            warnings.add(RENAME_IGNORED);
        }
        if (devicesOverridden) {
            warnings.add(DEVICES_IGNORED);
        }
        return config.withResources(Resources.EMPTY)
                .withSharing(new Sharing(timeSlicing.withResources(restricted)));
    }

    /** Upstream's AddDefaultResourcesToConfig, as far as it goes without discovery. */
    private static Config addDefaultResources(Config config) {
        Resources resources = Resources.EMPTY.withGpu("*", ResourceName.GPU);
        if (MigStrategy.SINGLE.configValue().equals(config.flags().migStrategy())) {
            resources = resources.withMig("*", ResourceName.GPU);
        }
        return config.withResources(resources);
    }

    private static PluginConfig toPluginConfig(Config config, MigStrategy migStrategy) {
        Flags flags = config.flags();
        PluginFlags plugin = flags.plugin();
        TimeSlicing ts = config.sharing().timeSlicing();
        List<io.nvdp.domain.config.ReplicatedResource> replicated = ts.resources().stream()
                .map(r -> new io.nvdp.domain.config.ReplicatedResource(r.name(), r.replicas(),
                        Optional.ofNullable(r.rename())))
                .toList();
        io.nvdp.domain.config.TimeSlicing timeSlicing = replicated.isEmpty()
                ? io.nvdp.domain.config.TimeSlicing.NONE
                : new io.nvdp.domain.config.TimeSlicing(ts.renameByDefault(), ts.failRequestsGreaterThanOne(), replicated);
        return new PluginConfig(
                migStrategy,
                flags.failOnInitError(),
                flags.nvidiaDriverRoot(),
                plugin.passDeviceSpecs(),
                plugin.deviceListStrategy().stream().map(DeviceListStrategy::parse).toList(),
                DeviceIdStrategy.parse(plugin.deviceIDStrategy()),
                flags.gdsEnabled(),
                flags.mofedEnabled(),
                plugin.cdiAnnotationPrefix(),
                plugin.nvidiaCTKPath(),
                plugin.containerDriverRoot(),
                SharedAllocationPolicy.parse(plugin.sharedDevicesAllocationPolicy()),
                timeSlicing);
    }

    private static DaemonOptions daemonOptions(FlagValues flags, Flags merged, String configFile) {
        return new DaemonOptions(
                SocketPaths.kubeletSocket(Flag.KUBELET_SOCKET, flags.string(Flag.KUBELET_SOCKET)),
                DeviceDiscoveryStrategy.parse(merged.deviceDiscoveryStrategy()),
                flags.string(Flag.SIMULATED_NODE),
                optionalPath(flags.string(Flag.NVML_LIBRARY)),
                flags.duration(Flag.HEALTH_RECOVERY_INTERVAL),
                Optional.of(flags.string(Flag.METRICS_ADDRESS)).filter(s -> !s.isEmpty()),
                SocketPaths.servedSocket(Flag.FAULT_CONTROL_SOCKET, flags.string(Flag.FAULT_CONTROL_SOCKET)),
                optionalPath(configFile),
                Path.of(flags.string(Flag.CDI_SPEC_DIR)));
    }

    private static Optional<Path> optionalPath(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }
}
