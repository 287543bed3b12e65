package io.nvdp.bootstrap;

import java.io.IOException;
import java.util.function.Supplier;

/** Starts watching the config file for content other than what the running config was loaded from. */
@FunctionalInterface
interface ConfigWatch {
    long POLL_MILLIS = 2000;

    /**
     * @param loadedFrom the content the running configuration was loaded from (or last tried)
     * @param onChange called when the file holds something else
     * @return what ends the watch
     */
    AutoCloseable start(Supplier<ConfigContent> loadedFrom, Runnable onChange) throws IOException;

    /** The file watcher for {@code file}, or nothing to watch when no config file is in use. */
    static ConfigWatch of(ConfigFileContent file) {
        return (loadedFrom, onChange) -> {
            if (file.file().isEmpty()) {
                return () -> { };
            }
            ConfigFileWatcher watcher = new ConfigFileWatcher(file, loadedFrom, onChange, POLL_MILLIS);
            watcher.start();
            return watcher;
        };
    }
}
