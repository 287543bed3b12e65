package io.nvdp.adapters.cdi;

import io.nvdp.domain.cdi.CdiClass;
import io.nvdp.domain.cdi.CdiPlan;
import io.nvdp.domain.cdi.CdiSpec;
import io.nvdp.domain.cdi.CdiSpecException;
import io.nvdp.domain.cdi.CdiSpecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The plugin's CDI specs in a spec directory ({@code /var/run/cdi}): one file per class,
 * {@code k8s.device-plugin.nvidia.com-<class>.json}, mode 0600. Each file is written to a temporary
 * file beside it and renamed over the old one, so a runtime reads either the old spec or the new
 * one; a file whose content would not change is left alone. Files of ours that the plan no longer
 * has (and temporary files left by a crash) are removed; nobody else's files are touched.
 */
public final class CdiSpecDirectory implements CdiSpecs {
    private static final String PREFIX = CdiClass.VENDOR + "-";
    private static final String TEMP_PREFIX = "." + PREFIX;

    private final Path dir;
    private final Supplier<String> driverVersion;

    /** @param driverVersion the running driver's version (asked only when a GPU spec is written) */
    public CdiSpecDirectory(Path dir, Supplier<String> driverVersion) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.driverVersion = Objects.requireNonNull(driverVersion, "driverVersion");
    }

    public Path directory() {
        return dir;
    }

    /** The file that holds {@code cdiClass}'s spec. */
    public Path fileOf(CdiClass cdiClass) {
        return dir.resolve(PREFIX + cdiClass.className() + ".json");
    }

    /**
     * The device names that {@code cdiClass}'s spec file defines now, read from the file; empty when
     * there is no such file.
     *
     * @throws CdiSpecException when the file cannot be read
     */
    public List<String> definedDevices(CdiClass cdiClass) {
        Path file = fileOf(cdiClass);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return SpecFileDevices.names(file);
        } catch (IOException e) {
            throw new CdiSpecException("cannot read the CDI spec " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void apply(CdiPlan plan) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            if (!plan.enabled()) {
                return; // no spec of ours can be there
            }
            throw new CdiSpecException("the CDI spec directory " + dir + " is not a directory");
        }
        // Everything is generated before any file changes: a failure leaves the old specs in place.
        Map<Path, String> contents = new LinkedHashMap<>();
        if (plan.enabled()) {
            SpecContents specs = new SpecContents(plan);
            String version = plan.specs().stream().anyMatch(s -> s.cdiClass() == CdiClass.GPU) ? version() : "";
            for (CdiSpec spec : plan.specs()) {
                contents.put(fileOf(spec.cdiClass()), SpecJson.write(specs.document(spec, version)));
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new CdiSpecException("cannot create the CDI spec directory " + dir + ": " + DriverFiles.describe(e));
            }
        }
        for (Map.Entry<Path, String> e : contents.entrySet()) {
            write(e.getKey(), e.getValue());
        }
        removeOursExcept(contents.keySet());
    }

    private String version() {
        String v;
        try {
            v = driverVersion.get();
        } catch (RuntimeException e) {
            throw new CdiSpecException("cannot tell the driver version for the CDI spec: " + e.getMessage());
        }
        if (v == null || v.isBlank() || v.contains("/")) {
            throw new CdiSpecException("cannot tell the driver version for the CDI spec: got '" + v + "'");
        }
        return v.trim();
    }

    private void write(Path file, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
        } catch (IOException e) {
            // Unreadable: it is rewritten below.
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new CdiSpecException("cannot write the CDI spec " + file + ": " + DriverFiles.describe(e));
        }
    }

    private void removeOursExcept(Set<Path> keep) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> isOurs(p.getFileName().toString()) && !keep.contains(p)).forEach(stale::add);
        } catch (IOException e) {
            throw new CdiSpecException("cannot list the CDI spec directory " + dir + ": " + DriverFiles.describe(e));
        }
        for (Path p : stale) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new CdiSpecException("cannot remove the stale CDI spec " + p + ": " + DriverFiles.describe(e));
            }
        }
    }

    private static boolean isOurs(String name) {
        boolean spec = name.startsWith(PREFIX) && (name.endsWith(".json") || name.endsWith(".yaml"));
        boolean temp = name.startsWith(TEMP_PREFIX) && name.endsWith(".tmp");
        return spec || temp;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // The next apply removes it.
            }
        }
    }
}
