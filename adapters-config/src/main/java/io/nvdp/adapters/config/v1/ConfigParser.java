package io.nvdp.adapters.config.v1;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.nvdp.adapters.config.ConfigException;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.yaml.LimitedFile;
import io.nvdp.yaml.YamlException;
import io.nvdp.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a v1 config file (YAML or JSON) the way upstream does: YAML converted to JSON, then decoded
 * with Go's rules. Unknown keys are ignored; the generic sections match keys case-insensitively
 * (Go's {@code encoding/json}), the sharing and resource entries use exact key names (upstream's
 * custom decoders). Errors carry upstream's texts and wrapping.
 */
public final class ConfigParser {
    private static final YamlReader YAML = YamlReader.lenient();
    private static final String DECODE_ERROR = "unmarshal error: error unmarshaling JSON: while decoding JSON: ";

    private ConfigParser() {}

    /**
     * Reads and parses {@code file}; an empty file (or a link to {@code /dev/null}) is an all-unset
     * config.
     *
     * @throws ConfigException {@code error opening config file: ...} or {@code error parsing config file: ...}
     */
    public static Config read(Path file) {
        byte[] content;
        try {
            content = LimitedFile.read(file);
        } catch (LimitedFile.Refused e) {
            throw new ConfigException("error parsing config file: read error: read " + file + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new ConfigException("error opening config file: open " + file + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new ConfigException("error opening config file: open " + file + ": permission denied");
        } catch (IOException e) {
            throw new ConfigException("error opening config file: open " + file + ": " + e.getMessage());
        }
        try {
            return parse(content);
        } catch (ConfigException e) {
            throw e.wrap("error parsing config file");
        }
    }

    /**
     * Parses config content.
     *
     * @throws ConfigException {@code unknown version: <v>} or {@code unmarshal error: ...}
     */
    public static Config parse(byte[] content) {
        JsonNode root = readTree(content);
        Config config = root == null || root.isNull() || root.isMissingNode() ? Config.empty() : decodeConfig(root);
        if (!Config.VERSION.equals(config.version())) {
            throw new ConfigException("unknown version: " + config.version());
        }
        return config;
    }

    public static Config parse(String content) {
        return parse(content.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode readTree(byte[] content) {
        try {
            return YAML.read(content);
        } catch (JacksonException e) {
            throw new ConfigException("unmarshal error: error converting YAML to JSON: " + describe(e));
        } catch (IOException e) {
            throw new ConfigException("unmarshal error: read error: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Jackson's message, first line only, with where it happened; SnakeYAML's problem text is used
     * when there is one, because Jackson's first line is often only the context ("while parsing ...").
     */
    private static String describe(JacksonException e) {
        if (e instanceof YamlException refused) {
            // The reader's own refusals are in the Go parser's words, which carry its prefix.
            return "yaml: " + refused.getOriginalMessage();
        }
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            String context = yaml.getContext() == null ? "" : firstLine(yaml.getContext()) + ": ";
            Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
            String where = mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
            return context + firstLine(yaml.getProblem()) + where;
        }
        String message = firstLine(e.getOriginalMessage());
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return message;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed content";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static Config decodeConfig(JsonNode root) {
        ObjectReader config = ObjectReader.of(root, "Config", "", true);
        String version = config.string("version");
        return new Config(
                version == null || version.isEmpty() ? Config.VERSION : version,
                config.object("flags", ConfigParser::decodeFlags, Flags.EMPTY),
                config.object("resources", ConfigParser::decodeResources, Resources.EMPTY),
                config.object("sharing", ConfigParser::decodeSharing, Sharing.NONE));
    }

    private static Flags decodeFlags(ObjectReader flags) {
        return new Flags(
                flags.string("migStrategy"),
                flags.bool("failOnInitError"),
                flags.string("nvidiaDriverRoot"),
                flags.bool("gdsEnabled"),
                flags.bool("mofedEnabled"),
                flags.string("deviceDiscoveryStrategy"),
                flags.object("plugin", ConfigParser::decodePluginFlags, null),
                flags.object("gfd", ConfigParser::decodeGfdFlags, null));
    }

    private static PluginFlags decodePluginFlags(ObjectReader plugin) {
        return new PluginFlags(
                plugin.bool("passDeviceSpecs"),
                plugin.deviceListStrategy("deviceListStrategy"),
                plugin.string("deviceIDStrategy"),
                plugin.string("cdiAnnotationPrefix"),
                plugin.string("nvidiaCTKPath"),
                plugin.string("containerDriverRoot"),
                plugin.string("sharedDevicesAllocationPolicy"));
    }

    private static GfdFlags decodeGfdFlags(ObjectReader gfd) {
        return new GfdFlags(
                gfd.bool("oneshot"),
                gfd.bool("noTimestamp"),
                gfd.duration("sleepInterval"),
                gfd.string("outputFile"),
                gfd.string("machineTypeFile"));
    }

    private static Resources decodeResources(ObjectReader resources) {
        return new Resources(resources.list("gpus", ConfigParser::decodeResource),
                resources.list("mig", ConfigParser::decodeResource));
    }

    private static Resource decodeResource(JsonNode node) {
        ObjectReader resource = ObjectReader.of(node, "v1.Resource", "", false);
        if (!resource.has("pattern")) {
            throw decodeError("resources must have a 'pattern' field set");
        }
        if (!resource.has("name")) {
            throw decodeError("resources must have a 'name' field set");
        }
        String pattern = resource.string("pattern");
        return new Resource(pattern == null ? "" : pattern, resourceName(resource.get("name")));
    }

    private static Sharing decodeSharing(ObjectReader sharing) {
        JsonNode timeSlicing = sharing.get("timeSlicing");
        return timeSlicing == null ? Sharing.NONE : new Sharing(decodeTimeSlicing(timeSlicing));
    }

    private static TimeSlicing decodeTimeSlicing(JsonNode node) {
        // Upstream's decoder runs even for an explicit null: a bare "timeSlicing:" has no resources.
        ObjectReader ts = ObjectReader.of(node.isNull() ? JsonNodeFactory.instance.objectNode() : node, "v1.TimeSlicing", "", false);
        boolean renameByDefault = Boolean.TRUE.equals(ts.bool("renameByDefault"));
        boolean failRequestsGreaterThanOne = Boolean.TRUE.equals(ts.bool("failRequestsGreaterThanOne"));
        if (!ts.has("resources")) {
            throw decodeError("no resources specified");
        }
        List<ReplicatedResource> resources = ts.list("resources", ConfigParser::decodeReplicatedResource);
        if (resources == null || resources.isEmpty()) {
            throw decodeError("no resources specified");
        }
        if (renameByDefault) {
            resources = resources.stream()
                    .map(r -> r.rename() == null ? r.withRename(r.name().shared()) : r)
                    .toList();
        }
        return new TimeSlicing(renameByDefault, failRequestsGreaterThanOne, resources);
    }

    /** Field order matters: upstream checks name, devices, replicas, rename, in that order. */
    private static ReplicatedResource decodeReplicatedResource(JsonNode node) {
        ObjectReader rr = ObjectReader.of(node, "v1.ReplicatedResource", "", false);
        if (!rr.has("name")) {
            throw decodeError("no resource name specified");
        }
        ResourceName name = resourceName(rr.get("name"));
        ReplicatedDevices devices = rr.has("devices") ? decodeDevices(rr.get("devices")) : ReplicatedDevices.ALL;
        if (!rr.has("replicas")) {
            throw decodeError("no replicas specified");
        }
        int replicas = integer(rr.get("replicas"));
        if (replicas < 2) {
            throw decodeError("number of replicas must be >= 2");
        }
        ResourceName rename = rr.has("rename") ? resourceName(rr.get("rename")) : null;
        return new ReplicatedResource(name, rename, devices, replicas);
    }

    private static ReplicatedDevices decodeDevices(JsonNode node) {
        if (node.isTextual() || node.isNull()) {
            String text = node.isNull() ? "" : node.textValue();
            if (!text.equals("all")) {
                throw decodeError("devices set as '" + text + "' but the only valid string input is 'all'");
            }
            return ReplicatedDevices.ALL;
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToInt()) {
                throw decodeError("unrecognized type for devices spec: " + node);
            }
            int count = node.intValue();
            if (count <= 0) {
                throw decodeError("devices set as '" + count + "' but a count of devices must be > 0");
            }
            return new ReplicatedDevices.Count(count);
        }
        if (node.isArray()) {
            List<String> refs = new ArrayList<>();
            for (JsonNode item : node) {
                if (item.isIntegralNumber() && item.canConvertToLong() && item.longValue() >= 0) {
                    refs.add(Long.toString(item.longValue()));
                } else if (item.isTextual() && ReplicatedDevices.isDeviceRef(item.textValue())) {
                    refs.add(item.textValue());
                } else {
                    // Upstream prints the item only when it was a string.
                    String shown = item.isTextual() ? item.textValue() : "";
                    throw decodeError("unsupported type for device in devices list: " + shown + ", string");
                }
            }
            return new ReplicatedDevices.DeviceList(refs);
        }
        throw decodeError("unrecognized type for devices spec: " + node);
    }

    private static ResourceName resourceName(JsonNode node) {
        if (node != null && !node.isNull() && !node.isTextual()) {
            throw decodeError(typeError(node, "Go value", "string"));
        }
        try {
            return ResourceName.of(node == null || node.isNull() ? "" : node.textValue());
        } catch (ResourceName.InvalidResourceNameException e) {
            throw decodeError(e.getMessage());
        }
    }

    private static int integer(JsonNode node) {
        if (node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw decodeError(typeError(node, "Go value", "int"));
        }
        return node.intValue();
    }

    static ConfigException decodeError(String message) {
        return new ConfigException(DECODE_ERROR + message);
    }

    /** Go's type-mismatch text, with the offending value added so the operator sees it. */
    static String typeError(JsonNode node, String target, String goType) {
        String jsonType = switch (node.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            default -> "string";
        };
        String value = node.isContainerNode() ? "" : " " + node;
        return "json: cannot unmarshal " + jsonType + value + " into " + target + " of type " + goType;
    }

    /** One JSON object with Go's key lookup and typed getters that fail with Go-like messages. */
    private record ObjectReader(JsonNode node, String struct, String path, boolean foldCase) {
        static ObjectReader of(JsonNode node, String struct, String path, boolean foldCase) {
            if (!node.isObject()) {
                throw decodeError(typeError(node, "Go value", struct.startsWith("v1.") ? struct : "v1." + struct));
            }
            return new ObjectReader(node, struct, path, foldCase);
        }

        boolean has(String key) {
            return get(key) != null;
        }

        /** The value under {@code key}; an exact match wins over a case-insensitive one, as in Go. */
        JsonNode get(String key) {
            JsonNode exact = node.get(key);
            if (exact != null || !foldCase) {
                return exact;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equalsIgnoreCase(key)) {
                    return field.getValue();
                }
            }
            return null;
        }

        private String field(String key) {
            return "Go struct field " + struct + "." + (path.isEmpty() ? "" : path + ".") + key;
        }

        /** YAML scalars become strings when the target is a string (sigs.k8s.io/yaml does the same). */
        String string(String key) {
            JsonNode value = get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isContainerNode()) {
                throw decodeError(typeError(value, field(key), "string"));
            }
            return value.asText();
        }

        Boolean bool(String key) {
            JsonNode value = get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isBoolean()) {
                throw decodeError(typeError(value, field(key), "bool"));
            }
            return value.booleanValue();
        }

        Duration duration(String key) {
            JsonNode value = get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isNumber()) {
                return Duration.ofNanos(value.longValue());
            }
            if (value.isTextual()) {
                try {
                    return GoDuration.parse(value.textValue());
                } catch (IllegalArgumentException e) {
                    throw decodeError(e.getMessage());
                }
            }
            throw decodeError("invalid duration");
        }

        /** A single string or a list of strings. */
        List<String> deviceListStrategy(String key) {
            JsonNode value = get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isTextual()) {
                return List.of(value.textValue());
            }
            if (value.isArray()) {
                List<String> strategies = new ArrayList<>();
                for (JsonNode item : value) {
                    if (!item.isTextual()) {
                        throw decodeError("invalid deviceListStrategy: " + value);
                    }
                    strategies.add(item.textValue());
                }
                return strategies;
            }
            throw decodeError("invalid deviceListStrategy: " + value);
        }

        <T> T object(String key, Function<ObjectReader, T> decoder, T whenAbsent) {
            JsonNode value = get(key);
            if (value == null || value.isNull()) {
                return whenAbsent;
            }
            String childPath = (path.isEmpty() ? "" : path + ".") + key;
            if (!value.isObject()) {
                throw decodeError(typeError(value, field(key), "object"));
            }
            return decoder.apply(new ObjectReader(value, struct, childPath, foldCase));
        }

        <T> List<T> list(String key, Function<JsonNode, T> decoder) {
            JsonNode value = get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.getNodeType() != JsonNodeType.ARRAY) {
                throw decodeError(typeError(value, field(key), "array"));
            }
            List<T> result = new ArrayList<>();
            value.forEach(item -> result.add(decoder.apply(item)));
            return result;
        }
    }
}
