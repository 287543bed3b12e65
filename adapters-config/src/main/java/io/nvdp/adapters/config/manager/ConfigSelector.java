package io.nvdp.adapters.config.manager;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Chooses the config for a label value (upstream's updateConfigName), without any I/O: (1) a non-empty label
 * names the config, which must exist; (2) else a non-empty default config, which must exist; (3) else the
 * fallback strategies in order.
 *
 * @param defaultConfig      the {@code --default-config} value ("" = none)
 * @param fallbackStrategies the {@code --fallback-strategies} values as given; an unknown name is an error only
 *                           when selection reaches it, as upstream (so "named,typo" keeps working while a
 *                           {@code default} config exists)
 */
public record ConfigSelector(String defaultConfig, List<String> fallbackStrategies) {

    public ConfigSelector {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        fallbackStrategies = List.copyOf(fallbackStrategies);
    }

    /** The fallback names that are not a known strategy, so the command can warn about them at startup. */
    public List<String> unknownFallbackStrategies() {
        return fallbackStrategies.stream().filter(s -> FallbackStrategy.fromFlag(s).isEmpty()).toList();
    }

    /**
     * @param labelValue the node label's value ("" when unset)
     * @param available  the config names in the source directory
     * @throws ConfigManagerException with upstream's message when no config can be chosen
     */
    public ConfigSelection select(String labelValue, Set<String> available) {
        Objects.requireNonNull(labelValue, "labelValue");
        SortedSet<String> configs = new TreeSet<>(available);
        if (configs.isEmpty()) {
            throw new ConfigManagerException("no configuration files available");
        }
        if (!labelValue.isEmpty()) {
            if (!configs.contains(labelValue)) {
                throw new ConfigManagerException("specified config " + labelValue + " does not exist");
            }
            return new ConfigSelection.Named(labelValue, ConfigSelection.Reason.LABEL);
        }
        if (!defaultConfig.isEmpty()) {
            if (!configs.contains(defaultConfig)) {
                // [quirk] upstream prints the (empty) label value here ("specified config  does not exist");
                // we name the missing default config instead, keeping the same sentence.
                throw new ConfigManagerException("specified config " + defaultConfig + " does not exist");
            }
            return new ConfigSelection.Named(defaultConfig, ConfigSelection.Reason.DEFAULT_CONFIG);
        }
        for (String name : fallbackStrategies) {
            FallbackStrategy strategy = FallbackStrategy.fromFlag(name)
                    .orElseThrow(() -> new ConfigManagerException("unknown fallback strategy: " + name));
            var picked = strategy.pick(configs);
            if (picked.isPresent()) {
                return picked.get();
            }
        }
        throw new ConfigManagerException("no config was set, no default was provided, and all fallbacks failed");
    }
}
