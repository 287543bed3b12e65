package io.nvdp.bootstrap;

/**
 * What the config file held at one moment, as a digest: a reload has something new exactly when the
 * file's content differs from the content the running configuration was loaded from.
 */
record ConfigContent(String digest) {
    /** No config file is in use: nothing a reload could read differs. */
    static final ConfigContent NO_FILE = new ConfigContent("no config file");
}
