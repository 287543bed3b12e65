package io.nvdp.adapters.config.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.adapters.config.manager.ConfigSelection.Empty;
import io.nvdp.adapters.config.manager.ConfigSelection.Named;
import io.nvdp.adapters.config.manager.ConfigSelection.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLinkTest {

    @TempDir
    Path tmp;
    Path src;
    Path dstDir;
    Path dst;

    @BeforeEach
    void setUp() throws Exception {
        src = Files.createDirectory(tmp.resolve("available-configs"));
        Files.writeString(src.resolve("a"), "A");
        Files.writeString(src.resolve("b"), "B");
        dstDir = Files.createDirectory(tmp.resolve("config"));
        dst = dstDir.resolve("config.yaml");
    }

    private static Named named(String name) {
        return new Named(name, Reason.LABEL);
    }

    @Test
    void createsTheDestinationAsASymlinkToTheSelectedConfig() throws Exception {
        var link = new ConfigLink(src, dst);

        assertThat(link.pointTo(named("a"))).isEqualTo(ConfigLink.Outcome.UPDATED);

        assertThat(Files.isSymbolicLink(dst)).isTrue();
        assertThat(Files.readSymbolicLink(dst)).isEqualTo(src.resolve("a").toAbsolutePath());
        assertThat(Files.readString(dst)).isEqualTo("A");
    }

    @Test
    void replacesAnExistingLinkAndLeavesNoTempFileBehind() throws Exception {
        var link = new ConfigLink(src, dst);
        link.pointTo(named("a"));

        assertThat(link.pointTo(named("b"))).isEqualTo(ConfigLink.Outcome.UPDATED);

        assertThat(Files.readString(dst)).isEqualTo("B");
        try (Stream<Path> files = Files.list(dstDir)) {
            assertThat(files).containsExactly(dst);
        }
    }

    @Test
    void sameTargetIsAlreadyConfigured() throws Exception {
        var link = new ConfigLink(src, dst);
        link.pointTo(named("a"));
        var before = Files.readAttributes(dst, java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();

        assertThat(link.pointTo(named("a"))).isEqualTo(ConfigLink.Outcome.ALREADY_CONFIGURED);

        var after = Files.readAttributes(dst, java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void destinationResolvingToTheSameRealFileByAnotherPathIsAlreadyConfigured() throws Exception {
        // e.g. written by upstream's config-manager with a relative srcdir, or via ConfigMap ..data links
        Files.createSymbolicLink(dst, dstDir.relativize(src.resolve("a")));

        assertThat(new ConfigLink(src, dst).pointTo(named("a"))).isEqualTo(ConfigLink.Outcome.ALREADY_CONFIGURED);
    }

    @Test
    void emptyConfigLinksToDevNull() throws Exception {
        var link = new ConfigLink(src, dst);
        link.pointTo(named("a"));

        assertThat(link.pointTo(new Empty(Reason.FALLBACK_EMPTY))).isEqualTo(ConfigLink.Outcome.UPDATED);

        assertThat(Files.readSymbolicLink(dst)).isEqualTo(Path.of("/dev/null"));
        assertThat(link.pointTo(new Empty(Reason.FALLBACK_EMPTY))).isEqualTo(ConfigLink.Outcome.ALREADY_CONFIGURED);
    }

    @Test
    void regularFileAtTheDestinationIsReplacedByTheLink() throws Exception {
        Files.writeString(dst, "stale");

        assertThat(new ConfigLink(src, dst).pointTo(named("b"))).isEqualTo(ConfigLink.Outcome.UPDATED);

        assertThat(Files.isSymbolicLink(dst)).isTrue();
        assertThat(Files.readString(dst)).isEqualTo("B");
    }

    @Test
    void danglingLinkAtTheDestinationIsReplaced() throws Exception {
        Files.createSymbolicLink(dst, tmp.resolve("gone"));

        assertThat(new ConfigLink(src, dst).pointTo(named("a"))).isEqualTo(ConfigLink.Outcome.UPDATED);

        assertThat(Files.readString(dst)).isEqualTo("A");
    }

    @Test
    void relativeSourceDirectoryBecomesAnAbsoluteLink() throws Exception {
        Path relative = Path.of("").toAbsolutePath().relativize(src);
        var link = new ConfigLink(relative, dst);

        link.pointTo(named("a"));

        assertThat(Files.readSymbolicLink(dst).isAbsolute()).isTrue();
        assertThat(Files.readString(dst)).isEqualTo("A");
    }

    @Test
    void directoryAtTheDestinationIsAnError() throws Exception {
        Files.createDirectory(dst);

        assertThatThrownBy(() -> new ConfigLink(src, dst).pointTo(named("a")))
                .isInstanceOf(ConfigManagerException.class)
                .hasMessage("error creating symlink: config file destination '" + dst + "' is a directory");
    }

    @Test
    void missingDestinationDirectoryIsAnError() {
        Path nowhere = tmp.resolve("nope/config.yaml");

        assertThatThrownBy(() -> new ConfigLink(src, nowhere).pointTo(named("a")))
                .isInstanceOf(ConfigManagerException.class)
                .hasMessageStartingWith("error creating symlink: ");
    }
}
