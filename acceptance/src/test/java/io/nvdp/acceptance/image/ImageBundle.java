package io.nvdp.acceptance.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The image unpacked into a bundle ({@code umoci unpack}: {@code rootfs/} and {@code config.json}),
 * and its programs started the way a container runtime starts them, without one: in a new mount and
 * pid namespace ({@code unshare}), {@code /proc} mounted, {@code /dev} and the kubelet's socket
 * directory bind-mounted from this machine, {@code chroot} into the root, the image's environment only.
 */
final class ImageBundle {
    /** Where the DaemonSet mounts the kubelet's device-plugin directory. */
    static final String KUBELET_DIR = "/var/lib/kubelet/device-plugins";

    private static final String ENTER = """
            root="$1"; kubelet="$2"; user="$3"; shift 3
            mount -t proc proc "$root/proc"
            mount --rbind /dev "$root/dev"
            mkdir -p "$root%s"
            mount --bind "$kubelet" "$root%s"
            exec chroot ${user:+--userspec="$user"} "$root" /usr/bin/env -i "$@"
            """.formatted(KUBELET_DIR, KUBELET_DIR);
    /** chroot's --userspec of an unprivileged user (nobody), for the non-root check. */
    static final String NOBODY = "65534:65534";

    private final Path rootfs;
    private final List<String> env;
    private final List<String> entrypoint;

    private ImageBundle(Path rootfs, List<String> env, List<String> entrypoint) {
        this.rootfs = rootfs;
        this.env = env;
        this.entrypoint = entrypoint;
    }

    static ImageBundle read(Path bundle) throws IOException {
        JsonNode process = new ObjectMapper().readTree(bundle.resolve("config.json").toFile()).path("process");
        return new ImageBundle(bundle.resolve("rootfs"), strings(process.path("env")), strings(process.path("args")));
    }

    Path rootfs() {
        return rootfs;
    }

    /** The image's entrypoint (and command) as the runtime config lists them. */
    List<String> entrypoint() {
        return entrypoint;
    }

    /**
     * Starts {@code command} inside the image as root with the image's environment, {@code extraEnv} on
     * top. The returned process is {@code unshare}'s: it ends with the program's exit code, and its only
     * child is the program (pid 1 of the new namespace).
     */
    Process start(List<String> command, Map<String, String> extraEnv, Path kubeletDir, Path stdout, Path stderr)
            throws IOException {
        return start("", command, extraEnv, kubeletDir, stdout, stderr);
    }

    /** Like {@link #start}, as {@code user} (chroot's --userspec; empty: root). */
    Process start(String user, List<String> command, Map<String, String> extraEnv, Path kubeletDir, Path stdout,
            Path stderr) throws IOException {
        List<String> line = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "--",
                "/bin/sh", "-ec", ENTER, "enter", rootfs.toString(), kubeletDir.toString(), user));
        line.addAll(env);
        extraEnv.forEach((k, v) -> line.add(k + "=" + v));
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(k -> !k.equals("PATH"));
        return builder.start();
    }

    /**
     * Runs {@code command} inside the image as {@code user} (empty: root) to its end; returns its exit
     * code (-1: still running after 2 min).
     */
    int run(String user, List<String> command, Map<String, String> extraEnv, Path kubeletDir, Path stdout,
            Path stderr) throws IOException, InterruptedException {
        Process process = start(user, command, extraEnv, kubeletDir, stdout, stderr);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
