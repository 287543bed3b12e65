package io.nvdp.adapters.config;

/** What the command line asks for: run with a config, or print help or the version and exit 0. */
public sealed interface Invocation {
    record Run(LoadedConfig config) implements Invocation {}

    record ShowHelp(String text) implements Invocation {}

    record ShowVersion(String text) implements Invocation {}
}
