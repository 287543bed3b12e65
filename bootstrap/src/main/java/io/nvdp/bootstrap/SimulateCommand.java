package io.nvdp.bootstrap;

import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.grpc.StatusRuntimeException;
import io.nvdp.adapters.cdi.CdiSpecDirectory;
import io.nvdp.adapters.config.ConfigLoader;
import io.nvdp.adapters.config.LoadedConfig;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.adapters.grpc.api.v1beta1.DeviceSpec;
import io.nvdp.adapters.grpc.api.v1beta1.Mount;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.simulator.kubelet.KubeletEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code simulate}: a simulated node, the real plugin and a kubelet emulator in one process, over
 * real unix sockets in a temporary directory. Prints what the kubelet sees, then allocates one
 * device the way a pod asking for one would, and prints what its container gets. With
 * {@code --print-labels} it prints the node's GPU feature labels instead.
 */
final class SimulateCommand {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> OWNED_FLAGS = List.of("--kubelet-socket", "--device-discovery-strategy");

    private SimulateCommand() {
    }

    static int run(List<String> userArgs, Map<String, String> env, PrintStream out, PrintStream err) {
        if (userArgs.contains(GpuFeatureDiscoveryCommand.PRINT_LABELS)) {
            return GpuFeatureDiscoveryCommand.printSimulatedLabels(userArgs, env, out, err);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp-simulate-");
        } catch (IOException e) {
            err.println("cannot create a directory for the simulated kubelet: " + e.getMessage());
            return 1;
        }
        List<String> args = new ArrayList<>();
        for (String arg : userArgs) {
            if (OWNED_FLAGS.stream().noneMatch(f -> arg.equals(f) || arg.startsWith(f + "="))) {
                args.add(arg);
            }
        }
        args.add("--kubelet-socket=" + dir.resolve(KubeletEmulator.SOCKET_NAME));
        args.add("--device-discovery-strategy=simulated");
        Path driverRoot = null;
        if (SimulatedCdi.unset(args, env, SimulatedCdi.DRIVER_ROOT_FLAG, "CONTAINER_DRIVER_ROOT")) {
            driverRoot = dir.resolve("driver-root");
            args.add(SimulatedCdi.DRIVER_ROOT_FLAG + "=" + driverRoot);
        }
        Path specDir = null;
        if (SimulatedCdi.unset(args, env, SimulatedCdi.SPEC_DIR_FLAG, "CDI_SPEC_DIR")) {
            // Outside the kubelet's directory: the specs stay for a look after the run.
            try {
                specDir = Files.createTempDirectory(Path.of("/tmp"), "nvdp-simulate-cdi-");
            } catch (IOException e) {
                err.println("cannot create a directory for the CDI specs: " + e.getMessage());
                deleteQuietly(dir);
                return 1;
            }
            args.add(SimulatedCdi.SPEC_DIR_FLAG + "=" + specDir);
        }
        try (KubeletEmulator kubelet = KubeletEmulator.start(dir)) {
            return simulate(args, env, kubelet, out, err, driverRoot, specDir);
        } catch (IOException e) {
            err.println("cannot start the kubelet emulator: " + e.getMessage());
            return 1;
        } finally {
            deleteQuietly(dir);
        }
    }

    private static int simulate(List<String> args, Map<String, String> env, KubeletEmulator kubelet, PrintStream out,
            PrintStream err, Path driverRoot, Path ownSpecDir) {
        ConfigLoader loader = new ConfigLoader();
        LoadedConfig config;
        Daemon daemon;
        CdiSpecDirectory specs;
        try {
            config = loader.load(args, env);
            // simulate never reloads: what the config file held is not needed.
            ConfigFileContent configFile = new ConfigFileContent(config.daemonOptions().configFile());
            Injector injector = Main.injector(config, () -> loader.load(args, env), env, configFile,
                    ConfigContent.NO_FILE);
            daemon = injector.getInstance(Daemon.class);
            specs = injector.getInstance(CdiSpecDirectory.class);
        } catch (DomainException e) {
            err.println(Main.startupMessage(e.getMessage()));
            deleteQuietly(ownSpecDir);
            return 1;
        } catch (ProvisionException e) {
            err.println(Main.rootMessage(e));
            return 1;
        }
        boolean cdi = config.pluginConfig().cdiEnabled();
        if (!cdi) {
            deleteQuietly(ownSpecDir);
        }
        if (driverRoot != null) {
            SimulatedCdi.writeDriverRoot(config.daemonOptions().simulatedNode(), driverRoot);
        }
        try {
            daemon.start();
            List<String> resources = daemon.resources().stream().map(ResourceName::value).sorted().toList();
            for (String resource : resources) {
                kubelet.awaitRegistrations(resource, 1, WAIT);
                kubelet.awaitDevices(resource, devices -> !devices.isEmpty(), WAIT);
            }
            out.println("Simulated node: " + config.daemonOptions().simulatedNode() + " ("
                    + daemon.node().map(n -> n.gpus().size()).orElse(0) + " GPUs)");
            out.println("Kubelet socket: " + kubelet.socket());
            out.println();
            printCapacity(out, kubelet, resources);
            if (cdi) {
                SimulatedCdi.printSpecs(out, specs);
            }
            if (resources.isEmpty()) {
                out.println("No resources advertised: nothing to allocate.");
                return 0;
            }
            String resource = resources.contains(ResourceName.GPU.value()) ? ResourceName.GPU.value() : resources.get(0);
            ContainerAllocateResponse container = allocateOne(out, kubelet, resource);
            if (cdi) {
                SimulatedCdi.printResolution(out, specs, container.getAnnotationsMap().values(),
                        container.getCdiDevicesList().stream().map(d -> d.getName()).toList());
            }
            return 0;
        } catch (StartupFailure e) {
            err.println(e.getMessage());
            return 1;
        } catch (TimeoutException e) {
            err.println("the simulated kubelet did not see the plugin in time: " + e.getMessage());
            return 1;
        } catch (StatusRuntimeException e) {
            err.println("allocation failed: " + e.getStatus().getDescription());
            return 1;
        } finally {
            daemon.stop();
        }
    }

    private static void printCapacity(PrintStream out, KubeletEmulator kubelet, List<String> resources) {
        int width = resources.stream().mapToInt(String::length).max().orElse(0) + 1;
        out.println("Capacity:");
        for (String r : resources) {
            out.printf("  %-" + width + "s  %d%n", r + ":", kubelet.capacity(r));
        }
        out.println("Allocatable:");
        for (String r : resources) {
            out.printf("  %-" + width + "s  %d%n", r + ":", kubelet.allocatable(r));
        }
        out.println();
    }

    private static ContainerAllocateResponse allocateOne(PrintStream out, KubeletEmulator kubelet, String resource) {
        List<String> available = kubelet.devices(resource).stream()
                .filter(d -> d.getHealth().equals("Healthy")).map(Device::getID).toList();
        List<String> preferred = kubelet.preferredAllocation(resource, available, List.of(), 1)
                .getContainerResponses(0).getDeviceIDsList();
        // Kubelet falls back to any available device when the plugin has no preference.
        List<String> chosen = preferred.isEmpty() ? available.subList(0, 1) : preferred;
        out.println("A pod requests " + resource + ": 1");
        out.println("  preferred allocation: " + String.join(",", preferred));
        out.println("  allocated devices:    " + String.join(",", chosen));
        AllocateResponse response = kubelet.allocate(resource, List.of(chosen));
        ContainerAllocateResponse container = response.getContainerResponses(0);
        out.println();
        out.println("Container:");
        out.println("  Environment:");
        printMap(out, new TreeMap<>(container.getEnvsMap()), "=");
        out.println("  Mounts:");
        if (container.getMountsCount() == 0) {
            out.println("    <none>");
        }
        for (Mount m : container.getMountsList()) {
            out.println("    " + m.getHostPath() + " -> " + m.getContainerPath() + (m.getReadOnly() ? " (ro)" : ""));
        }
        out.println("  Device specs:");
        if (container.getDevicesCount() == 0) {
            out.println("    <none>");
        }
        for (DeviceSpec d : container.getDevicesList()) {
            out.println("    " + d.getHostPath() + " -> " + d.getContainerPath() + " (" + d.getPermissions() + ")");
        }
        out.println("  Annotations:");
        printMap(out, new TreeMap<>(container.getAnnotationsMap()), ": ");
        out.println("  CDI devices:");
        if (container.getCdiDevicesCount() == 0) {
            out.println("    <none>");
        }
        container.getCdiDevicesList().forEach(d -> out.println("    " + d.getName()));
        return container;
    }

    private static void printMap(PrintStream out, Map<String, String> map, String separator) {
        if (map.isEmpty()) {
            out.println("    <none>");
        }
        map.forEach((k, v) -> out.println("    " + k + separator + v));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless.
        }
    }
}
