package io.nvdp.adapters.config.manager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The config-manager's settings, as upstream's cmd/config-manager flags. Each value comes from the flag if
 * given, else from its environment variable, else from the default (flag > env > default).
 *
 * @param fallbackStrategies the raw strategy names, in order; unknown names are kept and only rejected
 *                           when selection reaches them, as upstream does
 */
public record ConfigManagerFlags(
        boolean oneshot,
        String kubeconfig,
        String nodeName,
        String nodeLabel,
        Path configFileSrcdir,
        Path configFileDst,
        String defaultConfig,
        List<String> fallbackStrategies,
        boolean sendSignal,
        int signal,
        String processToSignal) {

    public static final String DEFAULT_NODE_LABEL = "nvidia.com/device-plugin.config";
    public static final int DEFAULT_SIGNAL = 1; // SIGHUP
    public static final String DEFAULT_PROCESS_TO_SIGNAL = "nvidia-device-plugin";

    public ConfigManagerFlags {
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(nodeLabel, "nodeLabel");
        Objects.requireNonNull(configFileSrcdir, "configFileSrcdir");
        Objects.requireNonNull(configFileDst, "configFileDst");
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(processToSignal, "processToSignal");
        fallbackStrategies = List.copyOf(fallbackStrategies);
    }

    /** Thrown for bad command-line or environment input; the message is one line naming flag and value. */
    public static final class InvalidFlagException extends ConfigManagerException {
        public InvalidFlagException(String message) {
            super(message);
        }
    }

    /** Thrown when {@code --help} or {@code -h} is given; carries the usage text to print. */
    public static final class HelpRequested extends ConfigManagerException {
        public HelpRequested() {
            super(usage());
        }
    }

    private enum Kind { BOOL, STRING, INT, LIST }

    private enum Flag {
        ONESHOT("oneshot", "ONESHOT", Kind.BOOL, "check and update the config only once and then exit"),
        KUBECONFIG("kubeconfig", "KUBECONFIG", Kind.STRING, "absolute path to the kubeconfig file"),
        NODE_NAME("node-name", "NODE_NAME", Kind.STRING, "the name of the node to watch for label changes on"),
        NODE_LABEL("node-label", "NODE_LABEL", Kind.STRING, "the name of the node label to use for selecting a config"),
        CONFIG_FILE_SRCDIR("config-file-srcdir", "CONFIG_FILE_SRCDIR", Kind.STRING,
                "the path to the directory containing available device configuration files"),
        CONFIG_FILE_DST("config-file-dst", "CONFIG_FILE_DST", Kind.STRING,
                "the path to destination device configuration file"),
        DEFAULT_CONFIG("default-config", "DEFAULT_CONFIG", Kind.STRING, "the default config to use if no label is set"),
        FALLBACK_STRATEGIES("fallback-strategies", "FALLBACK_STRATEGIES", Kind.LIST,
                "ordered list of fallback strategies to use to set a default config when none is provided"),
        SEND_SIGNAL("send-signal", "SEND_SIGNAL", Kind.BOOL, "send a signal to <process-to-signal> once a config change is made"),
        SIGNAL("signal", "SIGNAL", Kind.INT, "the signal to sent to <process-to-signal> if <send-signal> is set"),
        PROCESS_TO_SIGNAL("process-to-signal", "PROCESS_TO_SIGNAL", Kind.STRING,
                "the name of the process to signal if <send-signal> is set");

        final String name;
        final String env;
        final Kind kind;
        final String usage;

        Flag(String name, String env, Kind kind, String usage) {
            this.name = name;
            this.env = env;
            this.kind = kind;
            this.usage = usage;
        }

        static Flag named(String name) {
            for (Flag f : values()) {
                if (f.name.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * Parses Go-style flags ({@code --flag=value}, {@code --flag value}, single dash too; booleans bare or
     * {@code =true|false}; {@code --fallback-strategies} repeatable and comma separated) over the environment.
     *
     * @throws InvalidFlagException for an unknown flag, a missing or malformed value, or an empty required value
     * @throws HelpRequested        for {@code -h}/{@code --help}
     */
    public static ConfigManagerFlags parse(List<String> args, Map<String, String> env) {
        var given = new java.util.EnumMap<Flag, List<String>>(Flag.class);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-") || arg.equals("-")) {
                throw new InvalidFlagException("unexpected argument: " + arg);
            }
            if (arg.equals("--")) {
                if (i + 1 < args.size()) {
                    throw new InvalidFlagException("unexpected argument: " + args.get(i + 1));
                }
                break;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            if (name.equals("h") || name.equals("help")) {
                throw new HelpRequested();
            }
            Flag flag = Flag.named(name);
            if (flag == null) {
                throw new InvalidFlagException("flag provided but not defined: -" + name);
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (flag.kind == Kind.BOOL) {
                value = "true"; // Go bool flags take a value only as --flag=value
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new InvalidFlagException("flag needs an argument: -" + name);
            }
            given.computeIfAbsent(flag, f -> new ArrayList<>()).add(value);
        }

        ConfigManagerFlags flags = new ConfigManagerFlags(
                bool(Flag.ONESHOT, given, env, false),
                string(Flag.KUBECONFIG, given, env, ""),
                string(Flag.NODE_NAME, given, env, ""),
                string(Flag.NODE_LABEL, given, env, DEFAULT_NODE_LABEL),
                Path.of(string(Flag.CONFIG_FILE_SRCDIR, given, env, "")),
                Path.of(string(Flag.CONFIG_FILE_DST, given, env, "")),
                string(Flag.DEFAULT_CONFIG, given, env, ""),
                list(Flag.FALLBACK_STRATEGIES, given, env),
                bool(Flag.SEND_SIGNAL, given, env, true),
                integer(Flag.SIGNAL, given, env, DEFAULT_SIGNAL),
                string(Flag.PROCESS_TO_SIGNAL, given, env, DEFAULT_PROCESS_TO_SIGNAL));
        flags.validate();
        return flags;
    }

    private void validate() {
        requireNonEmpty("node-name", nodeName);
        requireNonEmpty("node-label", nodeLabel);
        requireNonEmpty("config-file-srcdir", configFileSrcdir.toString());
        requireNonEmpty("config-file-dst", configFileDst.toString());
    }

    private static void requireNonEmpty(String flag, String value) {
        if (value.isEmpty()) {
            throw new InvalidFlagException("invalid <" + flag + ">: must not be empty string");
        }
    }

    /** The last occurrence of a flag wins, as with Go's flag package; env applies only when the flag is absent. */
    private static String raw(Flag flag, Map<Flag, List<String>> given, Map<String, String> env) {
        List<String> values = given.get(flag);
        if (values != null) {
            return values.getLast();
        }
        return env.get(flag.env);
    }

    private static String string(Flag flag, Map<Flag, List<String>> given, Map<String, String> env, String dflt) {
        String value = raw(flag, given, env);
        return value == null ? dflt : value;
    }

    private static boolean bool(Flag flag, Map<Flag, List<String>> given, Map<String, String> env, boolean dflt) {
        String value = raw(flag, given, env);
        // An env var that is present but empty (the chart writes KUBECONFIG="") means "not set" for non-strings.
        if (value == null || (value.isEmpty() && !given.containsKey(flag))) {
            return dflt;
        }
        // The spellings Go's strconv.ParseBool accepts.
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new InvalidFlagException(
                    "invalid boolean value \"" + value + "\" for " + source(flag, given) + ": parse error");
        };
    }

    private static int integer(Flag flag, Map<Flag, List<String>> given, Map<String, String> env, int dflt) {
        String value = raw(flag, given, env);
        if (value == null || (value.isEmpty() && !given.containsKey(flag))) {
            return dflt;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidFlagException(
                    "invalid value \"" + value + "\" for " + source(flag, given) + ": parse error");
        }
    }

    private static List<String> list(Flag flag, Map<Flag, List<String>> given, Map<String, String> env) {
        List<String> raw = given.containsKey(flag) ? given.get(flag) : (env.containsKey(flag.env) ? List.of(env.get(flag.env)) : List.of());
        List<String> out = new ArrayList<>();
        for (String value : raw) {
            for (String item : value.split(",")) {
                String trimmed = item.trim();
                if (!trimmed.isEmpty()) {
                    out.add(trimmed);
                }
            }
        }
        return out;
    }

    private static String source(Flag flag, Map<Flag, List<String>> given) {
        return given.containsKey(flag) ? "flag -" + flag.name : "env " + flag.env;
    }

    /** The help text, one line per flag with its env var and default. */
    public static String usage() {
        var sb = new StringBuilder("Usage: nvidia-device-plugin config-manager [flags]\n\nFlags:\n");
        for (Flag f : Flag.values()) {
            String dflt = switch (f) {
                case ONESHOT -> "false";
                case SEND_SIGNAL -> "true";
                case SIGNAL -> Integer.toString(DEFAULT_SIGNAL);
                case NODE_LABEL -> DEFAULT_NODE_LABEL;
                case PROCESS_TO_SIGNAL -> DEFAULT_PROCESS_TO_SIGNAL;
                default -> "";
            };
            String value = f.kind == Kind.BOOL ? "" : " value";
            sb.append(String.format(Locale.ROOT, "  --%s%s\t%s (default: \"%s\") [$%s]%n", f.name, value, f.usage, dflt, f.env));
        }
        return sb.toString();
    }
}
