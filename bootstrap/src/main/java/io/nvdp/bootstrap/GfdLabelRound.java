package io.nvdp.bootstrap;

import io.nvdp.adapters.config.GfdOptions;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.labels.GpuFeatureLabeller;
import io.nvdp.domain.labels.LabelOptions;
import io.nvdp.domain.labels.LabelResult;
import io.nvdp.domain.model.DriverVersions;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.GpuDriver;
import io.nvdp.domain.port.GpuInventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One labelling pass: discovers the node, reads the driver and the machine type, and computes the labels,
 * with gpu-feature-discovery's answers to failures (init failure: fatal, or no labels with
 * failOnInitError=false; no NVML library at all: no labels).
 */
final class GfdLabelRound {
    private static final Logger LOG = LoggerFactory.getLogger(GpuFeatureDiscoveryCommand.NAME);

    /** Where the node comes from; empty inventory when auto-discovery found no NVML library. */
    record Source(String description, Optional<GpuInventory> inventory, Optional<GpuDriver> driver) {
    }

    /** Labelling failed; the message is the one line to print before exiting 1. */
    static final class Failure extends DomainException {
        Failure(String message) {
            super(message);
        }
    }

    private final GfdOptions options;
    private final Source source;
    private final Clock clock;
    private final GpuFeatureLabeller labeller = new GpuFeatureLabeller();

    GfdLabelRound(GfdOptions options, Source source, Clock clock) {
        this.options = options;
        this.source = source;
        this.clock = clock;
    }

    /** @throws Failure when the node cannot be labelled and gpu-feature-discovery would exit */
    LabelResult labels() {
        if (source.inventory().isEmpty() || source.driver().isEmpty()) {
            LOG.warn("No NVML library found: writing no labels");
            return LabelResult.NONE;
        }
        Node node;
        DriverVersions driver;
        try {
            node = source.inventory().get().discover();
            if (node.gpus().isEmpty()) {
                return LabelResult.NONE;
            }
            driver = source.driver().get().versions();
        } catch (DiscoveryException e) {
            String line = firstLine(e.getMessage());
            if (e.kind() == DiscoveryException.Kind.INIT_FAILED && !options.failOnInitError()) {
                LOG.warn("Error generating NVML labels: {}", line);
                return LabelResult.NONE;
            }
            throw new Failure("error creating NVML labeler: " + line);
        }
        LabelOptions labelOptions = new LabelOptions(options.migStrategy(), options.timeSlicing(),
                machineType(options.machineTypeFile()),
                options.noTimestamp() ? OptionalLong.empty() : OptionalLong.of(clock.instant().getEpochSecond()));
        try {
            return labeller.label(node, driver, labelOptions);
        } catch (DomainException e) {
            throw new Failure("error generating labels: " + e.getMessage());
        }
    }

    private static Optional<String> machineType(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            LOG.warn("error getting machine type from {}: could not open machine type file: {}; using 'unknown'",
                    file, IoReasons.of(e));
            return Optional.empty();

        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
