package io.nvdp.domain.labels;

import io.nvdp.domain.config.ReplicatedResource;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.model.MigAttributes;
import io.nvdp.domain.model.ResourceName;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes the labels of one resource ({@code <resource>.product}, {@code .count}, ...) into a label map.
 * {@code sharing} is empty where sharing does not apply at all (MIG-enabled parents, invalid labels):
 * their replicas read 0 and their product never gets {@code -SHARED}.
 */
record ResourceLabels(String resource, Optional<TimeSlicing> sharing) {
    static final String SHARED_SUFFIX = "SHARED";

    ResourceLabels withoutSharing() {
        return new ResourceLabels(resource, Optional.empty());
    }

    void put(Map<String, String> labels, String suffix, Object value) {
        labels.put(resource + "." + suffix, String.valueOf(value));
    }

    /** Product, count and replicas. */
    void base(Map<String, String> labels, int count, String... productParts) {
        put(labels, "product", product(productParts));
        put(labels, "count", count);
        put(labels, "replicas", replicas());
    }

    void migAttributes(Map<String, String> labels, long memoryMiB, MigAttributes a) {
        put(labels, "memory", memoryMiB);
        put(labels, "multiprocessors", a.multiprocessors());
        put(labels, "slices.gi", a.gpuInstanceSlices());
        put(labels, "slices.ci", a.computeInstanceSlices());
        put(labels, "engines.copy", a.copyEngines());
        put(labels, "engines.decoder", a.decoders());
        put(labels, "engines.encoder", a.encoders());
        put(labels, "engines.jpeg", a.jpegDecoders());
        put(labels, "engines.ofa", a.ofaEngines());
    }

    String product(String... parts) {
        String joined = Arrays.stream(parts).filter(p -> !p.isEmpty()).map(p -> p.replace(" ", "-"))
                .collect(Collectors.joining("-"));
        // A renamed resource tells its sharing by its name; one that keeps its name says it in the product.
        return shared() && !renamed() ? joined + "-" + SHARED_SUFFIX : joined;
    }

    int replicas() {
        if (sharing.isEmpty()) {
            return 0;
        }
        return replication().map(ReplicatedResource::replicas).filter(r -> r > 1).orElse(1);
    }

    private boolean shared() {
        return replication().map(r -> r.replicas() > 1).orElse(false);
    }

    /** Only the default {@code .shared} rename is honoured, so a configured resource is renamed iff renameByDefault. */
    private boolean renamed() {
        return replication().isPresent() && sharing.orElseThrow().renameByDefault();
    }

    private Optional<ReplicatedResource> replication() {
        return sharing.flatMap(ts -> ts.forResource(new ResourceName(resource)));
    }
}
