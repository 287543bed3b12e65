package io.nvdp.adapters.nvml;

import com.sun.jna.Pointer;
import io.nvdp.adapters.nvml.binding.NvmlReturn;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.port.HealthEvent;
import io.nvdp.domain.port.HealthEvents;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A manual check on a real GPU node (scripts/gpu-smoke.sh): discovery and one health-event
 * registration through libnvidia-ml.so.1 with this adapter's JNA code, printed for a human.
 *
 * <pre>
 * SmokeCheck [--nvml-library FILE] [--driver-root DIR] [--sys-root DIR] [--proc-root DIR] [--watch-seconds N]
 * </pre>
 * Exit status 0 when discovery and registration worked, 1 otherwise, 2 on bad arguments.
 */
public final class SmokeCheck {
    private SmokeCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        Path library = null;
        Path driverRoot = null;
        Path sysRoot = Path.of("/sys");
        Path procRoot = Path.of("/proc");
        int watchSeconds = 2;
        try {
            for (int i = 0; i < args.length; i += 2) {
                String value = required(args[i], i + 1 < args.length ? args[i + 1] : null);
                switch (args[i]) {
                    case "--nvml-library" -> library = Path.of(value);
                    case "--driver-root" -> driverRoot = Path.of(value);
                    case "--sys-root" -> sysRoot = Path.of(value);
                    case "--proc-root" -> procRoot = Path.of(value);
                    case "--watch-seconds" -> watchSeconds = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown argument: '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            out.println("bad arguments: " + e.getMessage());
            return 2;
        }
        NvmlLibrary nvml = library != null ? NvmlLibrary.at(library)
                : driverRoot != null ? NvmlLibrary.underDriverRoot(driverRoot) : NvmlLibrary.standard();
        out.println("== NVML library");
        out.println("candidates: " + nvml.candidates());
        if (!nvml.isLoadable()) {
            out.println(NvmlLibrary.initFailureMessage(NvmlReturn.ERROR_LIBRARY_NOT_FOUND));
            return 1;
        }
        out.println("loaded from: " + nvml.loadedFrom().orElse("?"));
        boolean ok = true;
        try {
            try (NvmlLibrary.Session session = nvml.openForDiscovery()) {
                out.println("driver version: " + session.nvml().driverVersion());
                out.println("CUDA driver version: " + session.nvml().cudaDriverVersion());
                out.println("device count: " + session.nvml().deviceCount());
            }
            Node node = new NvmlGpuInventory(nvml, sysRoot, procRoot).discover();
            printNode(node, out);
            ok &= printRegistration(nvml, node, out);
            ok &= watch(nvml, node, watchSeconds, out);
        } catch (DomainException e) {
            out.println("FAILED: " + e.getMessage());
            return 1;
        }
        out.println(ok ? "== smoke check passed" : "== smoke check FAILED");
        return ok ? 0 : 1;
    }

    private static String required(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    private static void printNode(Node node, PrintStream out) {
        out.println("== GPUs (" + node.gpus().size() + ")");
        for (Gpu g : node.gpus()) {
            out.printf("GPU %d: %s '%s' minor=%d memory=%dMiB bus=%s numa=%s cc=%s mig=%s%n", g.index(), g.uuid(),
                    g.productName(), g.minorNumber(), g.memoryMiB(), g.pciBusId(),
                    g.numaNode().isPresent() ? Integer.toString(g.numaNode().getAsInt()) : "none",
                    g.computeCapability(), g.migEnabled() ? "enabled" : "disabled");
            for (MigDevice m : g.migDevices()) {
                out.printf("  MIG %d:%d %s profile=%s gi=%d ci=%d memory=%dMiB paths=%s%n", g.index(), m.slot(),
                        m.uuid(), m.profile(), m.gpuInstanceId(), m.computeInstanceId(), m.memoryMiB(),
                        m.capabilityDevicePaths());
            }
            if (!g.supportedMigProfiles().isEmpty()) {
                out.println("  supported MIG profiles: " + g.supportedMigProfiles().stream().map(MigProfile::name).toList());
            }
        }
        out.println("== Topology (" + node.topology().links().size() + " links)");
        for (GpuLink l : node.topology().links()) {
            out.printf("%s <-> %s pcie=%s nvlinks=%d score=%d%n", l.a(), l.b(), l.pcie(), l.nvlinkLanes(), l.score());
        }
    }

    /** Registers each GPU for health events in a set of its own and prints what NVML answered. */
    private static boolean printRegistration(NvmlLibrary library, Node node, PrintStream out) {
        out.println("== Event registration");
        boolean ok = true;
        try (NvmlLibrary.Session session = library.open()) {
            Nvml nvml = session.nvml();
            Pointer set = nvml.eventSetCreate();
            try {
                for (Gpu g : node.gpus()) {
                    Pointer handle = nvml.handleByUuid(g.uuid());
                    long supported = nvml.supportedEventTypes(handle);
                    long mask = NvmlHealthEvents.EVENT_MASK & supported;
                    NvmlReturn ret = nvml.registerEvents(handle, mask, set);
                    out.printf("GPU %d: supported=0x%x registering=0x%x -> %s (%s)%n", g.index(), supported, mask, ret,
                            nvml.errorString(ret));
                    ok &= ret.isSuccess() || ret == NvmlReturn.ERROR_NOT_SUPPORTED;
                }
                NvmlReturn waited = nvml.eventSetWait(set, new io.nvdp.adapters.nvml.binding.NvmlStructs.EventData(), 100);
                out.println("one 100 ms wait: " + waited);
            } finally {
                nvml.eventSetFree(set);
            }
        } catch (NvmlException e) {
            out.println("registration failed: " + e.getMessage());
            return false;
        }
        return ok;
    }

    /** Runs NvmlHealthEvents for a while, prints what it reported, and checks that close leaves no thread. */
    private static boolean watch(NvmlLibrary library, Node node, int seconds, PrintStream out) {
        out.println("== Health watch (" + seconds + " s)");
        List<HealthEvent> events = new CopyOnWriteArrayList<>();
        HealthEvents health = new NvmlHealthEvents(library);
        HealthEvents.Watch watch = health.start(node, events::add);
        try {
            Thread.sleep(Duration.ofSeconds(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long start = System.nanoTime();
        watch.close();
        long closeMs = (System.nanoTime() - start) / 1_000_000;
        boolean threadLeft = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("nvml-health-events") && t.isAlive());
        events.forEach(e -> out.println("event: " + e));
        out.println("events: " + events.size() + ", close took " + closeMs + " ms, thread left: " + threadLeft);
        for (Gpu g : node.gpus()) {
            out.println("isUsable(" + g.uuid() + ") = " + health.isUsable(g.uuid()));
        }
        return !threadLeft && events.stream().noneMatch(e -> e instanceof HealthEvent.Unmonitorable);
    }
}
