package io.nvdp.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Tells what the config file holds now, through symlinks (the config manager swaps one): a digest of
 * its bytes, read again only when the file's identity, size or times change, so that polling costs a
 * {@code stat}. Something other than a regular file (a FIFO, a device) is never read: its digest
 * names what it is. Thread-safe.
 */
final class ConfigFileContent {
    private static final int BUFFER = 8192;

    private final Optional<Path> file;
    private List<Object> lastStat;
    private ConfigContent lastContent;

    ConfigFileContent(Optional<Path> file) {
        this.file = file.map(Path::toAbsolutePath);
    }

    Optional<Path> file() {
        return file;
    }

    synchronized ConfigContent current() {
        if (file.isEmpty()) {
            return ConfigContent.NO_FILE;
        }
        Path path = file.get();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            lastStat = null;
            return new ConfigContent("unreadable: " + e.getClass().getSimpleName());
        }
        if (!attributes.isRegularFile()) {
            lastStat = null;
            return new ConfigContent("not a regular file");
        }
        List<Object> stat = List.of(String.valueOf(attributes.fileKey()), attributes.size(),
                attributes.lastModifiedTime(), changeTime(path));
        if (stat.equals(lastStat)) {
            return lastContent;
        }
        ConfigContent content = digest(path);
        lastStat = stat;
        lastContent = content;
        return content;
    }

    /** The inode change time: an edit that keeps size and mtime still changes it. */
    private static Object changeTime(Path path) {
        try {
            return Files.getAttribute(path, "unix:ctime");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "";
        }
    }

    private static ConfigContent digest(Path path) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[BUFFER];
            while (in.read(buffer) >= 0) {
                // reading feeds the digest
            }
            return new ConfigContent(HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()));
        } catch (IOException e) {
            return new ConfigContent("unreadable: " + e.getClass().getSimpleName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
