package io.nvdp.domain.cdi;

import java.util.List;
import java.util.Objects;

/** The devices of one CDI class: what one spec file defines (the driver's common edits aside). */
public record CdiSpec(CdiClass cdiClass, List<CdiDevice> devices) {
    public CdiSpec {
        Objects.requireNonNull(cdiClass, "cdiClass");
        devices = List.copyOf(devices);
    }

    public List<String> deviceNames() {
        return devices.stream().map(CdiDevice::name).toList();
    }
}
