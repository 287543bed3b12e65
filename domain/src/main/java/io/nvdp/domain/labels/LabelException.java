package io.nvdp.domain.labels;

import io.nvdp.domain.DomainException;

/** The node's GPUs could not be labelled; the message is the one line to show. */
public final class LabelException extends DomainException {
    public LabelException(String message) {
        super(message);
    }
}
