package io.nvdp.adapters.config;

import io.nvdp.adapters.config.v1.Config;
import io.nvdp.adapters.config.v1.ConfigJson;
import io.nvdp.adapters.config.v1.Resources;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.model.ResourceName;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The result of loading: the domain's config, the daemon's own options, the merged v1 config as
 * upstream would print it, and the warnings upstream logs while restricting it.
 *
 * @param pluginConfig what the domain runs on
 * @param daemonOptions the daemon's options (sockets, discovery, intervals)
 * @param config the merged v1 config: restrictions applied, gfd dropped, default resources filled in
 *     (for {@code mixed} without the discovered MIG resources)
 * @param warnings upstream's warnings, in upstream's order, for the caller to log
 */
public record LoadedConfig(PluginConfig pluginConfig, DaemonOptions daemonOptions, Config config, List<String> warnings) {
    /** A profile whose compute slices differ from its GPU slices ({@code 1c.2g.10gb}) gets no resource. */
    private static final Pattern COMPUTE_SLICED_PROFILE = Pattern.compile("^\\d+c\\..*");

    public LoadedConfig {
        Objects.requireNonNull(pluginConfig, "pluginConfig");
        Objects.requireNonNull(daemonOptions, "daemonOptions");
        Objects.requireNonNull(config, "config");
        warnings = List.copyOf(warnings);
    }

    /**
     * The JSON upstream logs after {@code Running with config:}. For {@code mixed}, this is what
     * upstream prints when it cannot list MIG profiles; use {@link #runningWithConfigJson(Collection)}
     * once discovery has them.
     */
    public String runningWithConfigJson() {
        return ConfigJson.toIndentedJson(config);
    }

    /**
     * As {@link #runningWithConfigJson()}, with {@code mixed}'s MIG resources for the MIG profiles
     * the node's GPUs support (profile strings such as {@code 1g.5gb} or {@code 1g.5gb+me}, in
     * discovery order): pattern = profile, name = {@code nvidia.com/mig-<profile>} with {@code +} as
     * {@code .}. Ignored for the other strategies.
     */
    public String runningWithConfigJson(Collection<String> supportedMigProfiles) {
        if (pluginConfig.migStrategy() != MigStrategy.MIXED) {
            return runningWithConfigJson();
        }
        Resources resources = config.resources();
        for (String profile : new LinkedHashSet<>(supportedMigProfiles)) {
            if (!COMPUTE_SLICED_PROFILE.matcher(profile).matches()) {
                resources = resources.withMig(profile, ResourceName.of("mig-" + profile.replace('+', '.')));
            }
        }
        return ConfigJson.toIndentedJson(config.withResources(resources));
    }
}
