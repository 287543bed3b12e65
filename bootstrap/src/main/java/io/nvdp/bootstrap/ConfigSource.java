package io.nvdp.bootstrap;

import io.nvdp.adapters.config.LoadedConfig;

/** Loads the configuration again from the same flags, env vars and config file (for reloads). */
@FunctionalInterface
interface ConfigSource {
    LoadedConfig load();
}
