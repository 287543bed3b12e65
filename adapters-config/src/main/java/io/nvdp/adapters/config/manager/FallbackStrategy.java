package io.nvdp.adapters.config.manager;

import java.util.Optional;
import java.util.SortedSet;

/** A way to pick a config when the label is unset and no default config is given, as upstream names them. */
public enum FallbackStrategy {
    /** The config named {@code default}, if there is one. */
    NAMED("named") {
        @Override
        Optional<ConfigSelection> pick(SortedSet<String> available) {
            return available.contains(NAMED_CONFIG)
                    ? Optional.of(new ConfigSelection.Named(NAMED_CONFIG, ConfigSelection.Reason.FALLBACK_NAMED))
                    : Optional.empty();
        }
    },
    /** The only config, if exactly one exists. */
    SINGLE("single") {
        @Override
        Optional<ConfigSelection> pick(SortedSet<String> available) {
            return available.size() == 1
                    ? Optional.of(new ConfigSelection.Named(available.first(), ConfigSelection.Reason.FALLBACK_SINGLE))
                    : Optional.empty();
        }
    },
    /** The empty config (always succeeds). */
    EMPTY("empty") {
        @Override
        Optional<ConfigSelection> pick(SortedSet<String> available) {
            return Optional.of(new ConfigSelection.Empty(ConfigSelection.Reason.FALLBACK_EMPTY));
        }
    };

    /** The config the {@link #NAMED} strategy looks for. */
    public static final String NAMED_CONFIG = "default";

    private final String flagValue;

    FallbackStrategy(String flagValue) {
        this.flagValue = flagValue;
    }

    /** The spelling used in {@code --fallback-strategies}. */
    public String flagValue() {
        return flagValue;
    }

    abstract Optional<ConfigSelection> pick(SortedSet<String> available);

    /** The strategy spelled {@code value}, if any. */
    public static Optional<FallbackStrategy> fromFlag(String value) {
        for (FallbackStrategy s : values()) {
            if (s.flagValue.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
