package io.nvdp.domain.port;

import io.nvdp.domain.labels.NodeLabels;

/** Driven port: makes a node's GPU feature labels visible to the cluster (a feature file, the Node object). */
public interface LabelPublisher {
    /**
     * Publishes {@code labels} in place of what was published before.
     *
     * @throws LabelPublishingException with one line saying what could not be written and why
     */
    void publish(NodeLabels labels);

    /** Takes back what was published, where the output supports it (on a clean stop). */
    void withdraw();

    /** Publishing failed; the message is the one line to show. */
    final class LabelPublishingException extends io.nvdp.domain.DomainException {
        public LabelPublishingException(String message) {
            super(message);
        }

        public LabelPublishingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
