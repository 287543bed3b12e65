package io.nvdp.domain.model;

/**
 * What NVML reports about one MIG device besides its memory ({@code nvmlDeviceGetAttributes}): its
 * streaming multiprocessors, the GPU and compute instance slices it spans, and the engines it shares.
 */
public record MigAttributes(
        int multiprocessors,
        int gpuInstanceSlices,
        int computeInstanceSlices,
        int copyEngines,
        int decoders,
        int encoders,
        int jpegDecoders,
        int ofaEngines) {

    public MigAttributes {
        if (multiprocessors < 0 || gpuInstanceSlices < 0 || computeInstanceSlices < 0 || copyEngines < 0
                || decoders < 0 || encoders < 0 || jpegDecoders < 0 || ofaEngines < 0) {
            throw new IllegalArgumentException("MIG device attributes must not be negative: " + this);
        }
    }
}
