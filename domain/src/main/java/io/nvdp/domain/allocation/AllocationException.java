package io.nvdp.domain.allocation;

import io.nvdp.domain.DomainException;

/** An Allocate or GetPreferredAllocation that cannot be answered; the message goes back to kubelet. */
public final class AllocationException extends DomainException {
    public AllocationException(String message) {
        super(message);
    }
}
