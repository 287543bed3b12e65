package io.nvdp.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.nvdp.adapters.config.ConfigLoader;
import io.nvdp.adapters.config.Invocation;
import io.nvdp.adapters.config.LoadedConfig;
import io.nvdp.adapters.config.manager.ConfigManagerCommand;
import io.nvdp.adapters.grpc.TransportWarmUp;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.port.DevicePlugin;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * The one program of the image: the device plugin daemon, or with a first argument
 * {@code config-manager} the node-label config manager, {@code gpu-feature-discovery} the node labeller,
 * or {@code simulate} the self-contained demo.
 */
public final class Main {
    private static final String KUBERNETES_CLIENT = "io.fabric8.kubernetes.client.KubernetesClient";
    private static final String NETTY_LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        disableBufferLeakTracking();
        if (!args.isEmpty()) {
            List<String> rest = args.subList(1, args.size());
            switch (args.get(0)) {
                case "config-manager" -> {
                    return runConfigManager(rest, env, err);
                }
                case GpuFeatureDiscoveryCommand.NAME -> {
                    return GpuFeatureDiscoveryCommand.run(rest, env, out, err);
                }
                case "simulate" -> {
                    // One call only: simulate's own calls follow at once.
                    warmUpTransport(CompletableFuture.completedFuture(Optional.empty()), 0);
                    return SimulateCommand.run(rest, env, out, err);
                }
                default -> { }
            }
        }
        return runDaemon(args, env, out, err);
    }

    /**
     * The Kubernetes client that config-manager needs is packaged in a jar of its own, which names
     * this one on its class path: the daemon's jar carries no Kubernetes client.
     */
    private static int runConfigManager(List<String> args, Map<String, String> env, PrintStream err) {
        try {
            Class.forName(KUBERNETES_CLIENT, false, Main.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            err.println("config-manager runs from nvidia-device-plugin-config-manager.jar (it holds the Kubernetes"
                    + " client): java -jar nvidia-device-plugin-config-manager.jar config-manager, with"
                    + " nvidia-device-plugin.jar in the same directory");
            return 1;
        }
        return ConfigManagerCommand.run(args, env);
    }

    private static int runDaemon(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        ConfigLoader loader = new ConfigLoader();
        Invocation invocation;
        try {
            invocation = loader.parse(args, env);
        } catch (DomainException e) {
            err.println(startupMessage(e.getMessage()));
            return 1;
        }
        return switch (invocation) {
            case Invocation.ShowHelp help -> {
                out.println(help.text());
                yield 0;
            }
            case Invocation.ShowVersion version -> {
                out.println(version.text());
                yield 0;
            }
            case Invocation.Run run -> {
                ConfigFileContent configFile = new ConfigFileContent(run.config().daemonOptions().configFile());
                ConfigContent loadedFrom = configFile.current();
                LoadedConfig initial = run.config();
                if (configFile.file().isPresent()) {
                    // Loaded again after taking the digest: the running config comes from that content
                    // or a newer one, so a change made meanwhile is never missed.
                    try {
                        initial = loader.load(args, env);
                    } catch (DomainException e) {
                        err.println(startupMessage(e.getMessage()));
                        yield 1;
                    }
                }
                CompletableFuture<Optional<DevicePlugin>> serving = new CompletableFuture<>();
                warmUpTransport(serving, TransportWarmUp.DEFAULT_CALLS);
                Lifecycle lifecycle;
                try {
                    lifecycle = injector(initial, () -> loader.load(args, env), env, configFile, loadedFrom)
                            .getInstance(Lifecycle.class);
                } catch (ProvisionException e) {
                    serving.complete(Optional.empty());
                    err.println(rootMessage(e));
                    yield 1;
                }
                int exit = lifecycle.run(err, serving::complete);
                serving.complete(Optional.empty());
                yield exit;
            }
        };
    }

    /**
     * Overlaps the slowest class loading and initialisation (gRPC, Netty, protobuf: both sides of a
     * call) with configuration, wiring and discovery, which run on the main thread meanwhile; once
     * {@code serving} gives a served plugin, compiles the call path with {@code calls} calls (see
     * {@link TransportWarmUp}).
     */
    private static void warmUpTransport(CompletableFuture<Optional<DevicePlugin>> serving, int calls) {
        // Logging is set up here first: Netty looks for SLF4J on the warm-up thread, and two threads
        // initialising SLF4J at once make it print a replay warning.
        LoggerFactory.getILoggerFactory();
        Thread.ofPlatform().daemon().name("nvdp-warmup").start(() -> TransportWarmUp.run(calls, serving));
    }

    /**
     * Netty samples its pooled buffers for leaks and records a stack trace with each sample, on the
     * event loop of every call (about 2% of an Allocate's CPU, and garbage): a debugging aid, left
     * on only when asked for with {@code -Dio.grpc.netty.shaded.io.netty.leakDetection.level=...}.
     */
    private static void disableBufferLeakTracking() {
        if (System.getProperty(NETTY_LEAK_DETECTION) == null) {
            System.setProperty(NETTY_LEAK_DETECTION, "disabled");
        }
    }

    static Injector injector(LoadedConfig config, ConfigSource configs, Map<String, String> env,
            ConfigFileContent configFile, ConfigContent loadedFrom) {
        // No AOP here: without bytecode generation Guice starts faster and needs no sun.misc.Unsafe.
        System.setProperty("guice_bytecode_gen_option", "DISABLED");
        return Guice.createInjector(new DaemonModule(config, configs, env, configFile, loadedFrom));
    }

    /** Upstream's outermost wrapping of a failed start, for the errors that upstream wraps. */
    static String startupMessage(String message) {
        return message.startsWith("unable to ") || message.startsWith("error creating plugin manager")
                ? "error starting plugins: " + message : message;
    }

    /** The user-facing message under Guice's wrapping, never a stack trace. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

}
