package io.nvdp.adapters.config.manager;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Reads the processes visible in a procfs tree (the pod's shared process namespace in the chart). */
public final class ProcessTable {

    /** A process and its arguments. */
    public record Process(long pid, List<String> argv) {
        public Process {
            argv = List.copyOf(argv);
        }
    }

    private final Path procRoot;

    public ProcessTable(Path procRoot) {
        this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
    }

    /** The real {@code /proc}. */
    public static ProcessTable system() {
        return new ProcessTable(Path.of("/proc"));
    }

    /**
     * The processes, in pid order, whose command line {@code matcher} accepts, excluding {@code selfPid}.
     * Processes that exit while being read, and those without a command line (kernel threads, zombies), are
     * skipped (upstream stops with an error there, which would only make the sidecar crash-loop).
     *
     * @throws ConfigManagerException when the proc root cannot be listed
     */
    public List<Process> find(ProcessMatcher matcher, long selfPid) {
        List<Process> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(procRoot)) {
            for (Path entry : entries) {
                long pid = pidOf(entry.getFileName().toString());
                if (pid <= 0 || pid == selfPid) {
                    continue;
                }
                List<String> argv = cmdline(entry);
                if (!argv.isEmpty() && matcher.matches(argv)) {
                    found.add(new Process(pid, argv));
                }
            }
        } catch (IOException e) {
            throw new ConfigManagerException("error getting list of all procs: " + AvailableConfigs.describe(e), e);
        }
        found.sort((a, b) -> Long.compare(a.pid(), b.pid()));
        return found;
    }

    private static long pidOf(String name) {
        if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> cmdline(Path procDir) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(procDir.resolve("cmdline"));
        } catch (IOException e) {
            return List.of();
        }
        if (bytes.length == 0) {
            return List.of();
        }
        String all = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        if (all.endsWith("\0")) {
            all = all.substring(0, all.length() - 1);
        }
        return Arrays.asList(all.split("\0", -1));
    }
}
