package io.nvdp.domain.cdi;

import io.nvdp.domain.DomainException;

/** A CDI spec could not be generated or written; the message is one line naming the path at fault. */
public final class CdiSpecException extends DomainException {
    public CdiSpecException(String message) {
        super(message);
    }
}
