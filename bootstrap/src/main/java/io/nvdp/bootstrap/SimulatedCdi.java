package io.nvdp.bootstrap;

import io.nvdp.adapters.cdi.CdiSpecDirectory;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.cdi.CdiClass;
import io.nvdp.simulator.driverroot.SimulatedDriverRoot;
import io.nvdp.simulator.profile.NodeProfiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The CDI part of {@code simulate}: a simulated driver root for the node (unless one is given), and
 * what the written specs define next to the names the plugin answers with.
 */
final class SimulatedCdi {
    static final String DRIVER_ROOT_FLAG = "--container-driver-root";
    static final String SPEC_DIR_FLAG = "--cdi-spec-dir";

    private SimulatedCdi() {
    }

    /** Whether the user left {@code flag} (and its env var {@code envVar}) to simulate. */
    static boolean unset(List<String> args, Map<String, String> env, String flag, String envVar) {
        return args.stream().noneMatch(a -> a.equals(flag) || a.startsWith(flag + "=")) && !env.containsKey(envVar);
    }

    /** Writes the simulated driver root of profile {@code node}; a profile that does not load is left to the daemon. */
    static void writeDriverRoot(String node, Path root) {
        try {
            SimulatedDriverRoot.write(NodeProfiles.load(node).gpus(), root);
        } catch (DomainException e) {
            // The daemon reports the broken profile when it starts.
        }
    }

    static void printSpecs(PrintStream out, CdiSpecDirectory specs) {
        out.println("CDI spec directory: " + specs.directory());
        for (CdiClass cdiClass : CdiClass.values()) {
            List<String> devices = specs.definedDevices(cdiClass);
            if (!devices.isEmpty()) {
                out.println("  " + specs.fileOf(cdiClass).getFileName() + " (" + cdiClass.kind() + "): "
                        + String.join(", ", devices));
            }
        }
        out.println();
    }

    /** One line per CDI name the container got, saying whether a written spec defines it. */
    static void printResolution(PrintStream out, CdiSpecDirectory specs, Collection<String> annotationValues,
            List<String> cdiDevices) {
        List<String> names = new ArrayList<>();
        annotationValues.forEach(v -> names.addAll(List.of(v.split(","))));
        names.addAll(cdiDevices);
        if (names.isEmpty()) {
            return;
        }
        out.println("  CDI names resolved against " + specs.directory() + ":");
        for (String name : names.stream().distinct().toList()) {
            out.println("    " + name + " -> " + (defines(specs, name) ? "defined" : "NOT DEFINED"));
        }
    }

    private static boolean defines(CdiSpecDirectory specs, String qualified) {
        for (CdiClass cdiClass : CdiClass.values()) {
            String prefix = cdiClass.kind() + "=";
            if (qualified.startsWith(prefix)) {
                return specs.definedDevices(cdiClass).contains(qualified.substring(prefix.length()));
            }
        }
        return false;
    }
}
