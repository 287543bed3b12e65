package io.nvdp.adapters.nvml;

import com.sun.jna.Native;
import io.nvdp.adapters.nvml.binding.NvmlNative;
import io.nvdp.adapters.nvml.binding.NvmlReturn;
import io.nvdp.domain.port.DiscoveryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code libnvidia-ml.so.1} comes from, loaded on first use (so building the adapters never
 * fails on a node without a driver). Init and shutdown are reference counted by NVML itself, so
 * every user opens its own {@link Session}.
 */
public final class NvmlLibrary {
    /** The file name the NVIDIA driver installs. */
    public static final String SONAME = "libnvidia-ml.so.1";

    /** Library folders searched under a driver root, in this order. */
    public static final List<String> DRIVER_ROOT_LIBRARY_DIRS = List.of(
            "usr/lib64", "usr/lib/x86_64-linux-gnu", "usr/lib/aarch64-linux-gnu",
            "lib64", "lib/x86_64-linux-gnu", "lib/aarch64-linux-gnu", "usr/lib", "lib");

    private static final Logger LOG = LoggerFactory.getLogger(NvmlLibrary.class);

    private final List<String> candidates;
    private NvmlNative loaded;
    private String loadedFrom;
    private String loadError;

    private NvmlLibrary(List<String> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /** Exactly this file (the {@code --nvml-library} flag). */
    public static NvmlLibrary at(Path file) {
        return new NvmlLibrary(List.of(file.toAbsolutePath().toString()));
    }

    /** The dynamic linker's standard search for {@value #SONAME}. */
    public static NvmlLibrary standard() {
        return new NvmlLibrary(List.of(SONAME));
    }

    /** {@value #SONAME} under a driver root ({@link #DRIVER_ROOT_LIBRARY_DIRS}), then the standard search. */
    public static NvmlLibrary underDriverRoot(Path driverRoot) {
        List<String> candidates = new ArrayList<>();
        for (String dir : DRIVER_ROOT_LIBRARY_DIRS) {
            Path file = driverRoot.resolve(dir).resolve(SONAME);
            if (Files.exists(file)) {
                candidates.add(file.toAbsolutePath().toString());
            }
        }
        candidates.add(SONAME);
        return new NvmlLibrary(candidates);
    }

    /** Whether the library can be loaded (upstream's {@code hasNVML} platform check). */
    public synchronized boolean isLoadable() {
        return load().isPresent();
    }

    /** Why the library cannot be loaded (the dynamic linker's last message); empty when it loads. */
    public synchronized Optional<String> loadFailure() {
        return load().isPresent() ? Optional.empty() : Optional.of(loadError == null ? "no candidate" : loadError);
    }

    /** The path or name the library was loaded from, empty before a successful load. */
    public synchronized Optional<String> loadedFrom() {
        return Optional.ofNullable(loadedFrom);
    }

    /** The candidates tried, in order. */
    public List<String> candidates() {
        return candidates;
    }

    private Optional<NvmlNative> load() {
        if (loaded != null) {
            return Optional.of(loaded);
        }
        for (String candidate : candidates) {
            try {
                loaded = Native.load(candidate, NvmlNative.class);
                loadedFrom = candidate;
                LOG.debug("Loaded NVML from {}", candidate);
                return Optional.of(loaded);
            } catch (UnsatisfiedLinkError e) {
                LOG.debug("Cannot load NVML from {}: {}", candidate, e.getMessage());
                loadError = e.getMessage();
            }
        }
        return Optional.empty();
    }

    /** Initialises NVML; the session's close shuts it down. */
    synchronized Session open() {
        NvmlNative lib = load().orElseThrow(() -> new NvmlException("load " + String.join(", ", candidates),
                NvmlReturn.ERROR_LIBRARY_NOT_FOUND));
        NvmlReturn ret = NvmlReturn.of(lib.nvmlInit_v2());
        if (!ret.isSuccess()) {
            throw new NvmlException("nvmlInit", ret);
        }
        return new Session(new Nvml(lib), lib);
    }

    /**
     * Initialises NVML or fails the way upstream does: {@link DiscoveryException.Kind#INIT_FAILED}
     * with upstream's log lines ({@link #initFailureMessage(NvmlReturn)}) as the message.
     */
    Session openForDiscovery() {
        try {
            return open();
        } catch (NvmlException e) {
            throw new DiscoveryException(DiscoveryException.Kind.INIT_FAILED, initFailureMessage(e.ret()), e);
        }
    }

    /**
     * Upstream's lines after a failed {@code nvml.Init()}; the first is
     * {@code Failed to initialize NVML: <ret>.}
     */
    public static String initFailureMessage(NvmlReturn ret) {
        Objects.requireNonNull(ret, "ret");
        return String.join("\n",
                "Failed to initialize NVML: " + ret + ".",
                "If this is a GPU node, did you set the docker default runtime to `nvidia`?",
                "You can check the prerequisites at: https://github.com/NVIDIA/k8s-device-plugin#prerequisites",
                "You can learn how to set the runtime at: https://github.com/NVIDIA/k8s-device-plugin#quick-start",
                "If this is not a GPU node, you should set up a toleration or nodeSelector to only deploy this plugin on GPU nodes");
    }

    /** One init..shutdown span. */
    static final class Session implements AutoCloseable {
        private final Nvml nvml;
        private final NvmlNative lib;
        private boolean closed;

        private Session(Nvml nvml, NvmlNative lib) {
            this.nvml = nvml;
            this.lib = lib;
        }

        Nvml nvml() {
            return nvml;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                NvmlReturn ret = NvmlReturn.of(lib.nvmlShutdown());
                if (!ret.isSuccess()) {
                    LOG.warn("Shutdown of NVML returned: {}", ret);
                }
            }
        }
    }
}
