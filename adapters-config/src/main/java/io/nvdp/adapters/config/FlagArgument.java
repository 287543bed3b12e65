package io.nvdp.adapters.config;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One flag read from a command line in Go's syntax, after its leading dashes: {@code name=value},
 * {@code name value}, or a bare boolean {@code name} (true). Both the daemon's and
 * gpu-feature-discovery's flags are read with it, so the two command lines follow one grammar.
 *
 * @param flag the flag the name stands for
 * @param name the name as written (for error texts)
 * @param raw  the value as written
 * @param last the index of the last argument this flag used
 */
record FlagArgument<F>(F flag, String name, String raw, int last) {

    /**
     * Reads the flag whose text after the dashes is {@code body}, found at {@code args.get(index)}.
     *
     * @throws ConfigException {@code flag provided but not defined: -<name>} or
     *                         {@code flag needs an argument: -<name>}, in Go's words
     */
    static <F> FlagArgument<F> read(List<String> args, int index, String body, Function<String, Optional<F>> byName,
            Function<F, FlagKind> kindOf) {
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        F flag = byName.apply(name).orElseThrow(() -> new ConfigException("flag provided but not defined: -" + name));
        if (eq >= 0) {
            return new FlagArgument<>(flag, name, body.substring(eq + 1), index);
        }
        if (kindOf.apply(flag) == FlagKind.BOOL) {
            return new FlagArgument<>(flag, name, "true", index);
        }
        if (index + 1 < args.size()) {
            return new FlagArgument<>(flag, name, args.get(index + 1), index + 1);
        }
        throw new ConfigException("flag needs an argument: -" + name);
    }
}
