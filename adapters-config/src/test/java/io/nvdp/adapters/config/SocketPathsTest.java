package io.nvdp.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketPathsTest {
    @TempDir
    Path dir;

    @Test
    void aPathNoSocketCanHaveNamesTheFlagAndTheLength() throws Exception {
        Path deep = Files.createDirectories(dir.resolve("a".repeat(200)));
        String value = deep.resolve("kubelet.sock").toString();
        assertThatThrownBy(() -> SocketPaths.kubeletSocket(Flag.KUBELET_SOCKET, value))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--kubelet-socket=" + value + ": the path would be " + value.length()
                        + " bytes long; a unix socket path has at most 107");
    }

    @Test
    void thePluginsSocketNextToKubeletsMustFitToo() {
        // kubelet.sock fits, nvidia-gpu.sock (3 bytes longer) does not.
        String prefix = dir.toString() + "/";
        String name = "k".repeat(SocketPaths.MAX_BYTES - prefix.length() - 14) + "/kubelet.sock";
        String value = prefix + name;
        assertThat(value.length()).isLessThanOrEqualTo(SocketPaths.MAX_BYTES);
        assertThatThrownBy(() -> SocketPaths.kubeletSocket(Flag.KUBELET_SOCKET, value))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--kubelet-socket=" + value + ": the plugin's socket nvidia-gpu.sock next to it"
                        + " would be ");
    }

    @Test
    void aRegularFileWhereADirectoryMustBeIsNamed() throws Exception {
        Path file = Files.createFile(dir.resolve("file"));
        String value = file.resolve("sub/kubelet.sock").toString();
        assertThatThrownBy(() -> SocketPaths.kubeletSocket(Flag.KUBELET_SOCKET, value))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--kubelet-socket=" + value + ": " + file + " is not a directory");
    }

    @Test
    void aServedSocketNeedsAnExistingDirectory() {
        assertThatThrownBy(() -> SocketPaths.servedSocket(Flag.FAULT_CONTROL_SOCKET, "/missing/dir/x.sock"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--fault-control-socket=/missing/dir/x.sock: directory /missing/dir does not exist");
        assertThat(SocketPaths.servedSocket(Flag.FAULT_CONTROL_SOCKET, "")).isEmpty();
        assertThat(SocketPaths.servedSocket(Flag.FAULT_CONTROL_SOCKET, dir.resolve("f.sock").toString()))
                .contains(dir.resolve("f.sock"));
    }

    @Test
    void aMissingKubeletDirectoryIsFineItIsCreated() {
        Path socket = dir.resolve("later/kubelet.sock");
        assertThat(SocketPaths.kubeletSocket(Flag.KUBELET_SOCKET, socket.toString())).isEqualTo(socket);
    }

    @Test
    void aNulCharacterIsNotAPath() {
        assertThatThrownBy(() -> SocketPaths.servedSocket(Flag.FAULT_CONTROL_SOCKET, "/tmp/a\u0000b"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--fault-control-socket=/tmp/a\u0000b: not a valid path (");
    }
}
