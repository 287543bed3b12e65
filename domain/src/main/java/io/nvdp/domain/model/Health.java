package io.nvdp.domain.model;

/** Device health as kubelet understands it; {@link #wireValue()} is the v1beta1 constant. */
public enum Health {
    HEALTHY("Healthy"),
    UNHEALTHY("Unhealthy");

    private final String wireValue;

    Health(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }
}
