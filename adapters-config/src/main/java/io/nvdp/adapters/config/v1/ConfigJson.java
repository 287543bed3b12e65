package io.nvdp.adapters.config.v1;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Config} the way upstream's {@code json.MarshalIndent(config, "", "  ")} does: same
 * key order, the same nulls and omissions, Go's string escaping.
 */
public final class ConfigJson {
    private ConfigJson() {}

    /** 2-space indented JSON, no trailing newline. */
    public static String toIndentedJson(Config config) {
        StringBuilder out = new StringBuilder();
        write(out, toTree(config), "");
        return out.toString();
    }

    static Map<String, Object> toTree(Config config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", config.version());
        root.put("flags", flags(config.flags()));
        root.put("resources", resources(config.resources()));
        root.put("sharing", Map.of("timeSlicing", timeSlicing(config.sharing().timeSlicing())));
        return root;
    }

    private static Map<String, Object> flags(Flags flags) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("migStrategy", flags.migStrategy());
        tree.put("failOnInitError", flags.failOnInitError());
        putIfSet(tree, "nvidiaDriverRoot", flags.nvidiaDriverRoot());
        tree.put("gdsEnabled", flags.gdsEnabled());
        tree.put("mofedEnabled", flags.mofedEnabled());
        // Not in v0.14.1: left out while unset so an empty section prints as upstream's does.
        putIfSet(tree, "deviceDiscoveryStrategy", flags.deviceDiscoveryStrategy());
        if (flags.plugin() != null) {
            tree.put("plugin", pluginFlags(flags.plugin()));
        }
        if (flags.gfd() != null) {
            tree.put("gfd", gfdFlags(flags.gfd()));
        }
        return tree;
    }

    private static Map<String, Object> pluginFlags(PluginFlags plugin) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("passDeviceSpecs", plugin.passDeviceSpecs());
        tree.put("deviceListStrategy", plugin.deviceListStrategy());
        tree.put("deviceIDStrategy", plugin.deviceIDStrategy());
        tree.put("cdiAnnotationPrefix", plugin.cdiAnnotationPrefix());
        tree.put("nvidiaCTKPath", plugin.nvidiaCTKPath());
        tree.put("containerDriverRoot", plugin.containerDriverRoot());
        putIfSet(tree, "sharedDevicesAllocationPolicy", plugin.sharedDevicesAllocationPolicy());
        return tree;
    }

    private static Map<String, Object> gfdFlags(GfdFlags gfd) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("oneshot", gfd.oneshot());
        tree.put("noTimestamp", gfd.noTimestamp());
        tree.put("sleepInterval", gfd.sleepInterval() == null ? null : GoDuration.format(gfd.sleepInterval()));
        tree.put("outputFile", gfd.outputFile());
        tree.put("machineTypeFile", gfd.machineTypeFile());
        return tree;
    }

    private static Map<String, Object> resources(Resources resources) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("gpus", resources.gpus() == null ? null : resources.gpus().stream().map(ConfigJson::resource).toList());
        if (resources.mig() != null && !resources.mig().isEmpty()) {
            tree.put("mig", resources.mig().stream().map(ConfigJson::resource).toList());
        }
        return tree;
    }

    private static Map<String, Object> resource(Resource resource) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("pattern", resource.pattern());
        tree.put("name", resource.name().value());
        return tree;
    }

    private static Map<String, Object> timeSlicing(TimeSlicing timeSlicing) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (timeSlicing.renameByDefault()) {
            tree.put("renameByDefault", true);
        }
        if (timeSlicing.failRequestsGreaterThanOne()) {
            tree.put("failRequestsGreaterThanOne", true);
        }
        if (!timeSlicing.resources().isEmpty()) {
            tree.put("resources", timeSlicing.resources().stream().map(ConfigJson::replicatedResource).toList());
        }
        return tree;
    }

    private static Map<String, Object> replicatedResource(ReplicatedResource resource) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", resource.name().value());
        if (resource.rename() != null) {
            tree.put("rename", resource.rename().value());
        }
        tree.put("devices", switch (resource.devices()) {
            case ReplicatedDevices.All all -> "all";
            case ReplicatedDevices.Count count -> count.count();
            case ReplicatedDevices.DeviceList list -> list.refs();
        });
        tree.put("replicas", resource.replicas());
        return tree;
    }

    private static void putIfSet(Map<String, Object> tree, String key, Object value) {
        if (value != null) {
            tree.put(key, value);
        }
    }

    private static void write(StringBuilder out, Object value, String indent) {
        switch (value) {
            case null -> out.append("null");
            case String s -> quote(out, s);
            case Boolean b -> out.append(b);
            case Number n -> out.append(n);
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append("{\n");
                String inner = indent + "  ";
                int i = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(inner);
                    quote(out, entry.getKey().toString());
                    out.append(": ");
                    write(out, entry.getValue(), inner);
                    out.append(++i < map.size() ? ",\n" : "\n");
                }
                out.append(indent).append('}');
            }
            case List<?> list -> {
                if (list.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append("[\n");
                String inner = indent + "  ";
                for (int i = 0; i < list.size(); i++) {
                    out.append(inner);
                    write(out, list.get(i), inner);
                    out.append(i + 1 < list.size() ? ",\n" : "\n");
                }
                out.append(indent).append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    /** Go escapes HTML-sensitive characters and the JS line separators too. */
    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
