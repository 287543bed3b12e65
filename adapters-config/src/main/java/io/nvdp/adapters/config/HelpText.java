package io.nvdp.adapters.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code --help} and {@code --version} output, in urfave/cli's layout. */
final class HelpText {
    private HelpText() {}

    /** The project version, filtered into {@code version.properties} by Maven. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = HelpText.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("NAME:\n   ").append(ConfigLoader.PROGRAM_NAME).append(" - NVIDIA device plugin for Kubernetes\n\n");
        out.append("USAGE:\n   ").append(ConfigLoader.PROGRAM_NAME).append(" [global options]\n\n");
        out.append("VERSION:\n   ").append(version()).append("\n\n");
        out.append("GLOBAL OPTIONS:\n");
        int width = 0;
        for (Flag flag : Flag.values()) {
            width = Math.max(width, synopsis(flag).length());
        }
        for (Flag flag : Flag.values()) {
            out.append("   ").append(pad(synopsis(flag), width)).append("  ").append(flag.usage())
                    .append(" (default: ").append(defaultShown(flag)).append(") [$").append(flag.envVar()).append("]\n");
        }
        out.append("   ").append(pad("--help, -h", width)).append("  show help\n");
        out.append("   ").append(pad("--version, -v", width)).append("  print the version\n");
        return out.toString();
    }

    private static String synopsis(Flag flag) {
        return "--" + flag.flagName() + (flag.kind() == FlagKind.BOOL ? "" : " value");
    }

    private static String defaultShown(Flag flag) {
        return switch (flag.kind()) {
            case BOOL, DURATION -> flag.defaultText();
            case STRING, STRING_LIST -> "\"" + flag.defaultText() + "\"";
        };
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
