package io.nvdp.adapters.config.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sends real signals to a child {@code sleep}; SIGTERM (15) makes it exit with 128 + 15. */
class ProcessSignallerTest {

    private static final int SIGTERM = 15;

    private static Process sleeper() throws Exception {
        return new ProcessBuilder("sleep", "60").start();
    }

    private static void assertTerminatedBySigterm(Process child) throws Exception {
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(128 + SIGTERM);
    }

    @Test
    void killProgramDeliversTheSignal() throws Exception {
        Path kill = Path.of("/bin/kill");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(kill), "no /bin/kill here");
        Process child = sleeper();

        new KillCommandSignaller(kill).signal(child.pid(), SIGTERM);

        assertTerminatedBySigterm(child);
    }

    @Test
    void libcKillDeliversTheSignal() throws Exception {
        Process child = sleeper();

        new LibcSignaller().signal(child.pid(), SIGTERM);

        assertTerminatedBySigterm(child);
    }

    @Test
    void signallingAMissingProcessIsAOneLineError() {
        // pid_max is at most 2^22, so this pid never exists
        assertThatThrownBy(() -> new LibcSignaller().signal(Integer.MAX_VALUE - 1, 0))
                .isInstanceOf(ConfigManagerException.class)
                .hasMessageStartingWith("error sending signal: kill(")
                .hasMessageEndingWith("errno 3"); // ESRCH
    }

    @Test
    void failingKillProgramIsAOneLineError() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "no /bin/kill here");

        assertThatThrownBy(() -> new KillCommandSignaller(Path.of("/bin/kill")).signal(Integer.MAX_VALUE - 1, 0))
                .isInstanceOf(ConfigManagerException.class)
                .hasMessageStartingWith("error sending signal: /bin/kill -0 " + (Integer.MAX_VALUE - 1) + " exited with ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void systemSignallerPrefersTheKillProgramOnPath(@TempDir Path bin) throws Exception {
        Path fake = Files.createFile(bin.resolve("kill"));
        fake.toFile().setExecutable(true);

        assertThat(ProcessSignaller.system(Map.of("PATH", bin.toString()))).isInstanceOf(KillCommandSignaller.class);
        assertThat(ProcessSignaller.system(Map.of("PATH", bin.resolve("empty").toString()))).isInstanceOf(LibcSignaller.class);
    }
}
