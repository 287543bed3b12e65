package io.nvdp.domain.cdi;

/** Driven port: where the plugin's CDI specs are kept for the container runtime to read. */
public interface CdiSpecs {
    /**
     * Makes the plugin's spec files say what {@code plan} says: each of its specs written whole (a
     * runtime never reads half a file), every other spec file of this plugin removed. A plan with
     * no specs (CDI off) removes them all.
     *
     * @throws CdiSpecException when the driver's files cannot be found or a spec cannot be written
     */
    void apply(CdiPlan plan);
}
