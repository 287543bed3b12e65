package io.nvdp.adapters.config.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Signals through the {@code kill} program ({@code kill -<signal> <pid>}). */
public final class KillCommandSignaller implements ProcessSignaller {

    private final Path kill;

    public KillCommandSignaller(Path kill) {
        this.kill = Objects.requireNonNull(kill, "kill");
    }

    @Override
    public void signal(long pid, int signal) {
        var command = List.of(kill.toString(), "-" + signal, Long.toString(pid));
        try {
            java.lang.Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int rc = process.waitFor();
            if (rc != 0) {
                throw new ConfigManagerException("error sending signal: " + String.join(" ", command)
                        + " exited with " + rc + (output.isEmpty() ? "" : ": " + output.lines().findFirst().orElse("")));
            }
        } catch (IOException e) {
            throw new ConfigManagerException("error sending signal: " + AvailableConfigs.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigManagerException("error sending signal: interrupted", e);
        }
    }
}
