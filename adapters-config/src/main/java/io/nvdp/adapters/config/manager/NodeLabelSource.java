package io.nvdp.adapters.config.manager;

import java.util.Optional;

/** Where the config manager learns the node label's value. */
public interface NodeLabelSource extends AutoCloseable {

    /** Starts following the label (returns at once; the first {@link #next()} waits for the initial state). */
    void start();

    /**
     * Blocks for the value to apply next: first the value at start, then each different value.
     *
     * @return the label value ("" when unset or the node is gone), or empty once closed
     * @throws ConfigManagerException when the source fails for good
     */
    Optional<String> next() throws InterruptedException;

    /** Stops following; a blocked {@link #next()} returns empty. */
    @Override
    void close();
}
