package io.nvdp.adapters.config.manager;

import java.util.Objects;

/** Which configuration the destination file should point at, and why it was chosen. */
public sealed interface ConfigSelection {

    /** Why a selection was made, for the log. */
    enum Reason {
        LABEL("set by the node label"),
        DEFAULT_CONFIG("the default config"),
        FALLBACK_NAMED("fallback strategy 'named'"),
        FALLBACK_SINGLE("fallback strategy 'single'"),
        FALLBACK_EMPTY("fallback strategy 'empty'");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    Reason reason();

    /** One of the files in the source directory. */
    record Named(String name, Reason reason) implements ConfigSelection {
        public Named {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a named config needs a name");
            }
        }
    }

    /** The empty configuration: the destination points at /dev/null and the plugin runs on its defaults. */
    record Empty(Reason reason) implements ConfigSelection {
        public Empty {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** How upstream logs the choice: {@code config: <name>} or {@code empty config}. */
    default String describe() {
        return switch (this) {
            case Named n -> "config: " + n.name();
            case Empty e -> "empty config";
        };
    }
}
