package io.nvdp.adapters.config;

import io.nvdp.adapters.config.v1.GoDuration;
import java.util.Arrays;
import java.util.List;

/** The value types of the plugin's flags, each parsed the way Go's flag package / urfave/cli does. */
enum FlagKind {
    STRING {
        @Override
        Object parse(String raw) {
            return raw;
        }
    },
    BOOL {
        @Override
        Object parse(String raw) {
            return switch (raw) {
                case "1", "t", "T", "true", "TRUE", "True" -> true;
                case "0", "f", "F", "false", "FALSE", "False" -> false;
                default -> throw new IllegalArgumentException(
                        "strconv.ParseBool: parsing \"" + raw + "\": invalid syntax");
            };
        }
    },
    /** Repeatable on the command line; a comma-separated list in one value. */
    STRING_LIST {
        @Override
        Object parse(String raw) {
            return Arrays.stream(raw.split(",", -1)).map(String::strip).toList();
        }
    },
    DURATION {
        @Override
        Object parse(String raw) {
            return GoDuration.parse(raw);
        }
    };

    /**
     * @throws IllegalArgumentException with Go's reason when {@code raw} is not a valid value
     */
    abstract Object parse(String raw);

    String typeName() {
        return switch (this) {
            case STRING, STRING_LIST -> "string";
            case BOOL -> "bool";
            case DURATION -> "duration";
        };
    }

    static List<String> asList(Object value) {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) value;
        return list;
    }
}
