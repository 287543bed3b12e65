package io.nvdp.adapters.nvml;

import io.nvdp.adapters.nvml.binding.NvmlReturn;

/** An NVML call that did not return SUCCESS. Internal to the adapter: callers turn it into domain errors. */
final class NvmlException extends RuntimeException {
    private final NvmlReturn ret;

    NvmlException(String call, NvmlReturn ret) {
        super(call + ": " + ret, null, false, false);
        this.ret = ret;
    }

    NvmlReturn ret() {
        return ret;
    }

    boolean is(NvmlReturn expected) {
        return ret == expected;
    }
}
