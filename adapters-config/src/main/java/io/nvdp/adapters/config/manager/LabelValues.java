package io.nvdp.adapters.config.manager;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The latest value of the node label, handed from the informer thread to the update loop (upstream's
 * SyncableConfig). Values do not queue: a reader gets the newest value, and only when it differs from the one
 * it read last, so A -> B -> A between two reads causes no update.
 *
 * <p>The first read waits for the informer's initial sync, not for a change: upstream v0.14.1 blocked forever
 * when the label was unset from the start, and its v0.18.2 fix (first read returns at once) can return "" before
 * the informer has seen a label that is set, which a oneshot run would then apply as the default.
 */
final class LabelValues {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private String current = "";
    private String lastRead; // null until the first read
    private boolean synced;
    private boolean closed;
    private ConfigManagerException failure;

    /** A new label value from an informer event. */
    void set(String value) {
        Objects.requireNonNull(value, "value");
        lock.lock();
        try {
            current = value;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The informer listed the node: {@code value} is the label as of that list ("" when node or label is absent). */
    void synced(String value) {
        lock.lock();
        try {
            current = Objects.requireNonNull(value, "value");
            synced = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The label source failed for good; the next read throws {@code error}. */
    void fail(ConfigManagerException error) {
        lock.lock();
        try {
            if (failure == null) {
                failure = error;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends reading: a blocked or later {@link #next()} returns empty. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until there is a value to apply: on the first call, once the initial sync is done; afterwards,
     * once the value differs from the one last returned.
     *
     * @return the value, or empty when closed
     * @throws ConfigManagerException the failure reported through {@link #fail}
     */
    Optional<String> next() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && failure == null && !ready()) {
                changed.await();
            }
            if (closed) {
                return Optional.empty();
            }
            if (failure != null) {
                throw failure;
            }
            lastRead = current;
            return Optional.of(current);
        } finally {
            lock.unlock();
        }
    }

    private boolean ready() {
        return lastRead == null ? synced : !current.equals(lastRead);
    }
}
