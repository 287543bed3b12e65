package io.nvdp.adapters.config;

import io.nvdp.adapters.config.v1.Config;
import io.nvdp.adapters.config.v1.ConfigParser;
import io.nvdp.adapters.config.v1.GfdFlags;
import io.nvdp.adapters.config.v1.GoDuration;
import io.nvdp.adapters.config.v1.ReplicatedResource;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.model.ResourceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads {@code gpu-feature-discovery}'s options: per option the flag, else its env vars in order, else
 * the config file ({@code flags.migStrategy}, {@code flags.failOnInitError}, {@code flags.gfd.*}), else
 * the default. Sharing comes from the file with GFD's restrictions: only the default {@code .shared}
 * rename (when renameByDefault) and all devices.
 */
public final class GfdConfigLoader {
    /** True when the arguments ask for the usage text ({@code -h}, {@code --help}). */
    public static boolean wantsHelp(List<String> args) {
        return args.stream().anyMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("-help"));
    }

    /**
     * @throws ConfigException one line naming the flag, env var or config field and the bad value
     */
    public GfdOptions load(List<String> args, Map<String, String> env) {
        Map<GfdFlag, Object> explicit = fromEnv(env);
        explicit.putAll(fromArgs(args));
        String configFile = (String) value(explicit, GfdFlag.CONFIG_FILE, null);
        Config file = configFile.isEmpty() ? Config.empty() : readFile(Path.of(configFile));
        GfdFlags gfd = file.flags().gfd() == null
                ? new GfdFlags(null, null, null, null, null) : file.flags().gfd();

        String migStrategy = (String) value(explicit, GfdFlag.MIG_STRATEGY, file.flags().migStrategy());
        MigStrategy strategy;
        try {
            strategy = MigStrategy.parse(migStrategy);
        } catch (DomainException e) {
            throw new ConfigException("unable to load config: invalid --mig-strategy option: " + e.getMessage());
        }
        Duration sleep = (Duration) value(explicit, GfdFlag.SLEEP_INTERVAL, gfd.sleepInterval());
        if (sleep.isNegative() || sleep.isZero()) {
            throw new ConfigException("unable to load config: invalid --sleep-interval option: "
                    + GoDuration.format(sleep) + " (must be positive)");
        }
        String output = (String) value(explicit, GfdFlag.OUTPUT_FILE, gfd.outputFile());
        List<String> warnings = new ArrayList<>();
        return new GfdOptions(
                strategy,
                (Boolean) value(explicit, GfdFlag.FAIL_ON_INIT_ERROR, file.flags().failOnInitError()),
                (Boolean) value(explicit, GfdFlag.ONESHOT, gfd.oneshot()),
                (Boolean) value(explicit, GfdFlag.NO_TIMESTAMP, gfd.noTimestamp()),
                sleep,
                output.isEmpty() ? Optional.empty() : Optional.of(Path.of(output)),
                Path.of((String) value(explicit, GfdFlag.MACHINE_TYPE_FILE, gfd.machineTypeFile())),
                GfdOptions.LabelOutput.parse((String) value(explicit, GfdFlag.LABEL_OUTPUT, null)),
                (String) value(explicit, GfdFlag.NODE_NAME, null),
                (String) value(explicit, GfdFlag.KUBECONFIG, null),
                discovery((String) value(explicit, GfdFlag.DEVICE_DISCOVERY_STRATEGY, file.flags().deviceDiscoveryStrategy())),
                (String) value(explicit, GfdFlag.SIMULATED_NODE, null),
                Optional.of((String) value(explicit, GfdFlag.NVML_LIBRARY, null)).filter(s -> !s.isEmpty()).map(Path::of),
                timeSlicing(file, warnings),
                warnings);
    }

    private static Object value(Map<GfdFlag, Object> explicit, GfdFlag flag, Object fromFile) {
        Object v = explicit.get(flag);
        if (v != null) {
            return v;
        }
        return fromFile != null ? fromFile : flag.defaultValue();
    }

    private static DeviceDiscoveryStrategy discovery(String raw) {
        DeviceDiscoveryStrategy s = DeviceDiscoveryStrategy.parse(raw);
        if (s == DeviceDiscoveryStrategy.TEGRA) {
            throw new ConfigException("invalid --device-discovery-strategy option tegra: gpu-feature-discovery"
                    + " labels NVML and simulated nodes only");
        }
        return s;
    }

    private static Config readFile(Path file) {
        try {
            return ConfigParser.read(file);
        } catch (ConfigException e) {
            throw e.wrap("unable to parse config file").wrap("unable to finalize config").wrap("unable to load config");
        }
    }

    private static TimeSlicing timeSlicing(Config config, List<String> warnings) {
        var ts = config.sharing().timeSlicing();
        boolean renameIgnored = false;
        boolean devicesIgnored = false;
        List<io.nvdp.domain.config.ReplicatedResource> resources = new ArrayList<>();
        for (ReplicatedResource r : ts.resources()) {
            ResourceName wanted = ts.renameByDefault() ? r.name().shared() : null;
            renameIgnored |= !java.util.Objects.equals(r.rename(), wanted);
            devicesIgnored |= !r.devices().isAll();
            resources.add(new io.nvdp.domain.config.ReplicatedResource(r.name(), r.replicas(), Optional.ofNullable(wanted)));
        }
        if (!config.resources().isEmpty()) {
            warnings.add(ConfigLoader.RESOURCES_IGNORED);
        }
        if (renameIgnored) {
            warnings.add(ConfigLoader.RENAME_IGNORED);
        }
        if (devicesIgnored) {
            warnings.add(ConfigLoader.DEVICES_IGNORED);
        }
        return resources.isEmpty() ? TimeSlicing.NONE
                : new TimeSlicing(ts.renameByDefault(), ts.failRequestsGreaterThanOne(), resources);
    }

    private static Map<GfdFlag, Object> fromEnv(Map<String, String> env) {
        Map<GfdFlag, Object> values = new EnumMap<>(GfdFlag.class);
        for (GfdFlag flag : GfdFlag.values()) {
            for (String var : flag.envVars()) {
                String raw = env.get(var);
                if (raw == null) {
                    continue;
                }
                try {
                    values.put(flag, flag.kind() == FlagKind.BOOL && raw.isEmpty() ? false : flag.kind().parse(raw));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("could not parse \"" + raw + "\" as " + flag.kind().typeName()
                            + " value from environment variable \"" + var + "\" for flag " + flag.flagName() + ": "
                            + e.getMessage());
                }
                break;
            }
        }
        return values;
    }

    private static Map<GfdFlag, Object> fromArgs(List<String> args) {
        Map<GfdFlag, Object> values = new EnumMap<>(GfdFlag.class);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.length() < 2 || arg.charAt(0) != '-' || arg.equals("--")) {
                throw new ConfigException("unexpected argument: " + arg);
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            FlagArgument<GfdFlag> read = FlagArgument.read(args, i, body, GfdFlag::byName, GfdFlag::kind);
            i = read.last();
            try {
                values.put(read.flag(), read.flag().kind().parse(read.raw()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid value \"" + read.raw() + "\" for flag -" + read.name() + ": "
                        + e.getMessage());
            }
        }
        return values;
    }
}
