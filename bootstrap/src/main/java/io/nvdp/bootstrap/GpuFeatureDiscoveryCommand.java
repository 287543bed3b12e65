package io.nvdp.bootstrap;

import io.nvdp.adapters.config.GfdConfigLoader;
import io.nvdp.adapters.config.GfdFlag;
import io.nvdp.adapters.config.GfdOptions;
import io.nvdp.adapters.nvml.NvmlGpuDriver;
import io.nvdp.adapters.nvml.NvmlGpuInventory;
import io.nvdp.adapters.nvml.NvmlLibrary;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.labels.LabelResult;
import io.nvdp.domain.port.LabelPublisher;
import io.nvdp.simulator.inventory.SimulatedGpuDriver;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.NodeProfiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gpu-feature-discovery}: labels the node's GPUs every sleep interval (once with {@code --oneshot})
 * into node-feature-discovery's feature file, or onto the Node object with {@code --label-output=node}.
 * SIGHUP (sent by config-manager when the node's config label switches) reloads the config and relabels
 * at once; SIGTERM removes the feature file and exits 0. Exit 1 with one line on any fatal error.
 */
final class GpuFeatureDiscoveryCommand {
    static final String NAME = "gpu-feature-discovery";
    /** {@code simulate --print-labels}: the labels of the simulated node, once, on standard output. */
    static final String PRINT_LABELS = "--print-labels";
    private static final Logger LOG = LoggerFactory.getLogger(NAME);

    private GpuFeatureDiscoveryCommand() {
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (GfdConfigLoader.wantsHelp(args)) {
            out.print(GfdFlag.help());
            return 0;
        }
        BlockingQueue<OsSignals.Kind> signals = new LinkedBlockingQueue<>();
        boolean signalsInstalled = false;
        while (true) {
            GfdOptions options;
            LabelPublisher publisher;
            GfdLabelRound round;
            try {
                options = new GfdConfigLoader().load(args, env);
                options.warnings().forEach(LOG::warn);
                publisher = publisher(options, out);
                round = new GfdLabelRound(options, source(options, env), Clock.systemUTC());
            } catch (DomainException e) {
                err.println(e.getMessage());
                return 1;
            }
            if (!options.oneshot() && !signalsInstalled) {
                OsSignals.install(received -> {
                    LOG.info("Received signal \"{}\"", received.text());
                    signals.add(received.kind());
                });
                signalsInstalled = true;
            }
            switch (labelUntilDone(options, round, publisher, signals, err)) {
                case WRITTEN_ONCE -> {
                    return 0;
                }
                case FAILED -> {
                    return 1;
                }
                case STOPPED -> {
                    publisher.withdraw();
                    return 0;
                }
                case RELOAD -> LOG.info("Reloading the configuration.");
            }
        }
    }

    private enum Outcome { WRITTEN_ONCE, FAILED, STOPPED, RELOAD }

    /** The labels of a simulated node ({@code --simulated-node}, {@code --mig-strategy}, {@code --config-file}). */
    static int printSimulatedLabels(List<String> simulateArgs, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> args = new java.util.ArrayList<>(List.of("--oneshot", "--no-timestamp", "--output-file=",
                "--device-discovery-strategy=simulated"));
        simulateArgs.stream().filter(a -> !a.equals(PRINT_LABELS)).forEach(args::add);
        return run(args, env, out, err);
    }

    /** Labels every sleep interval until a signal, an error or (with --oneshot) the first write. */
    private static Outcome labelUntilDone(GfdOptions options, GfdLabelRound round, LabelPublisher publisher,
            BlockingQueue<OsSignals.Kind> signals, PrintStream err) {
        while (true) {
            try {
                LabelResult result = round.labels();
                result.warnings().forEach(w -> LOG.warn("WARNING: {}", w));
                if (result.labels().isEmpty()) {
                    LOG.warn("Warning: no labels generated from any source");
                }
                publisher.publish(result.labels());
            } catch (DomainException e) {
                err.println(e.getMessage());
                return Outcome.FAILED;
            }
            if (options.oneshot()) {
                return Outcome.WRITTEN_ONCE;
            }
            LOG.info("Sleeping for {}", options.sleepInterval());
            try {
                OsSignals.Kind signal = signals.poll(options.sleepInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (signal != null) {
                    return signal == OsSignals.Kind.RELOAD ? Outcome.RELOAD : Outcome.STOPPED;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.STOPPED;
            }
        }
    }

    private static GfdLabelRound.Source source(GfdOptions options, Map<String, String> env) {
        return switch (options.discoveryStrategy()) {
            case SIMULATED -> {
                NodeProfile profile = NodeProfiles.load(options.simulatedNode());
                yield new GfdLabelRound.Source("simulated node '" + options.simulatedNode() + "'",
                        Optional.of(new SimulatedGpuInventory(profile)), Optional.of(new SimulatedGpuDriver(profile)));
            }
            case NVML, AUTO, TEGRA -> {
                NvmlLibrary library = options.nvmlLibrary().map(NvmlLibrary::at).orElseGet(NvmlLibrary::standard);
                if (options.discoveryStrategy() != io.nvdp.adapters.config.DeviceDiscoveryStrategy.NVML
                        && !library.isLoadable()) {
                    yield new GfdLabelRound.Source("no NVML library", Optional.empty(), Optional.empty());
                }
                Path sysRoot = Path.of(env.getOrDefault("NVDP_HOST_SYS_ROOT", "/sys"));
                Path procRoot = Path.of(env.getOrDefault("NVDP_HOST_PROC_ROOT", "/proc"));
                yield new GfdLabelRound.Source("NVML", Optional.of(new NvmlGpuInventory(library, sysRoot, procRoot)),
                        Optional.of(new NvmlGpuDriver(library)));
            }
        };
    }

    private static LabelPublisher publisher(GfdOptions options, PrintStream out) {
        return switch (options.labelOutput()) {
            case FEATURE_FILE -> new FeatureFilePublisher(options.outputFile(), out);
            case NODE -> NodeLabelOutput.publisher(options);
        };
    }
}
