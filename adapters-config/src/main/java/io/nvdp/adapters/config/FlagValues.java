package io.nvdp.adapters.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flags and env vars of one invocation, parsed. {@link #explicit} is what urfave/cli's
 * {@code IsSet} sees: a value from the command line, else from the environment.
 */
final class FlagValues {
    private final Map<Flag, Object> fromCli;
    private final Map<Flag, Object> fromEnv;

    private FlagValues(Map<Flag, Object> fromCli, Map<Flag, Object> fromEnv) {
        this.fromCli = fromCli;
        this.fromEnv = fromEnv;
    }

    /**
     * Parses Go-style flags ({@code --flag=value}, {@code --flag value}, a bare boolean {@code --flag},
     * one or two dashes) and reads every flag's env var. Parsing stops at the first argument that is
     * not a flag or after {@code --}, as Go's flag package does.
     *
     * @throws ConfigException one line naming the flag or env var and the bad value
     */
    static FlagValues parse(List<String> args, Map<String, String> env) {
        Map<Flag, Object> fromEnv = new EnumMap<>(Flag.class);
        for (Flag flag : Flag.values()) {
            String raw = env.get(flag.envVar());
            if (raw == null) {
                continue;
            }
            // urfave/cli: an env var that is present but empty sets a boolean to false.
            if (flag.kind() == FlagKind.BOOL && raw.isEmpty()) {
                fromEnv.put(flag, false);
                continue;
            }
            try {
                fromEnv.put(flag, flag.kind().parse(raw));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("could not parse \"" + raw + "\" as " + flag.kind().typeName()
                        + " value from environment variable \"" + flag.envVar() + "\" for flag " + flag.flagName()
                        + ": " + e.getMessage());
            }
        }

        Map<Flag, Object> fromCli = new EnumMap<>(Flag.class);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                break;
            }
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            if (body.isEmpty() || body.startsWith("-") || body.startsWith("=")) {
                throw new ConfigException("bad flag syntax: " + arg);
            }
            FlagArgument<Flag> read = FlagArgument.read(args, i, body, Flag::byName, Flag::kind);
            i = read.last();
            Flag flag = read.flag();
            String name = read.name();
            String raw = read.raw();
            Object value;
            try {
                value = flag.kind().parse(raw);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(flag.kind() == FlagKind.BOOL
                        ? "invalid boolean value \"" + raw + "\" for -" + name + ": parse error"
                        : "invalid value \"" + raw + "\" for flag -" + name + ": " + e.getMessage());
            }
            if (flag.kind() == FlagKind.STRING_LIST && fromCli.containsKey(flag)) {
                List<String> accumulated = new ArrayList<>(FlagKind.asList(fromCli.get(flag)));
                accumulated.addAll(FlagKind.asList(value));
                value = List.copyOf(accumulated);
            }
            fromCli.put(flag, value);
        }
        return new FlagValues(fromCli, fromEnv);
    }

    /**
     * Whether the command line asks for {@code help} or {@code version} (returned as that word),
     * walking the arguments with the same grammar as {@link #parse} but without failing on them.
     */
    static Optional<String> requestedInfo(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--") || arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            switch (name) {
                case "h", "help" -> {
                    return Optional.of("help");
                }
                case "v", "version" -> {
                    return Optional.of("version");
                }
                default -> {
                    boolean takesNextArg = eq < 0 && Flag.byName(name).map(f -> f.kind() != FlagKind.BOOL).orElse(false);
                    if (takesNextArg) {
                        i++;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The value set on the command line, else by the env var; empty if neither set it. */
    public Optional<Object> explicit(Flag flag) {
        Object cli = fromCli.get(flag);
        return Optional.ofNullable(cli != null ? cli : fromEnv.get(flag));
    }

    public boolean isSet(Flag flag) {
        return explicit(flag).isPresent();
    }

    /** CLI, else env, else the flag's default. */
    public Object value(Flag flag) {
        return explicit(flag).orElseGet(flag::defaultValue);
    }

    public String string(Flag flag) {
        return (String) value(flag);
    }

    public boolean bool(Flag flag) {
        return (Boolean) value(flag);
    }

    public List<String> list(Flag flag) {
        return FlagKind.asList(value(flag));
    }

    public Duration duration(Flag flag) {
        return (Duration) value(flag);
    }

    /**
     * The per-option precedence: a flag or env var wins; else the file's value if it set one; else
     * the default (upstream overwrites the file value when {@code IsSet} or when the file left it null).
     */
    @SuppressWarnings("unchecked")
    <T> T resolve(Flag flag, T fileValue) {
        Optional<Object> explicit = explicit(flag);
        if (explicit.isPresent()) {
            return (T) explicit.get();
        }
        return fileValue != null ? fileValue : (T) flag.defaultValue();
    }
}
