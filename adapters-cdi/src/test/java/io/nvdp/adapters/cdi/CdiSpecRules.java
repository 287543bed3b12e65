package io.nvdp.adapters.cdi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CDI specification's rules for a spec file, as runtimes' CDI libraries check them: required
 * fields, the syntax of vendor, class and device names, unique device names, non-empty edits,
 * absolute paths, known hook stages, {@code KEY=VALUE} env entries, and a {@code cdiVersion} that is
 * a released version at least as high as the features the spec uses need.
 */
final class CdiSpecRules {
    static final List<String> VERSIONS = List.of("0.3.0", "0.4.0", "0.5.0", "0.6.0", "0.7.0", "0.8.0");
    static final Set<String> HOOK_STAGES = Set.of("prestart", "createRuntime", "createContainer", "startContainer",
            "poststart", "poststop");
    private static final Pattern VENDOR = Pattern.compile("[A-Za-z]([A-Za-z0-9_.-]*[A-Za-z0-9])?");
    private static final Pattern CLASS = Pattern.compile("[A-Za-z]([A-Za-z0-9_-]*[A-Za-z0-9])?");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.:-]*[A-Za-z0-9])?");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");

    private CdiSpecRules() {
    }

    /** Every rule {@code spec} breaks; empty when it is valid. */
    static List<String> violations(JsonNode spec) {
        List<String> out = new ArrayList<>();
        String version = text(spec, "cdiVersion");
        if (!VERSIONS.contains(version)) {
            out.add("cdiVersion '" + version + "' is not a released CDI version");
        }
        String kind = text(spec, "kind");
        int slash = kind.indexOf('/');
        if (slash < 0 || !VENDOR.matcher(kind.substring(0, slash)).matches()
                || !CLASS.matcher(kind.substring(slash + 1)).matches()) {
            out.add("kind '" + kind + "' is not vendor/class");
        }
        JsonNode devices = spec.path("devices");
        if (!devices.isArray() || devices.isEmpty()) {
            out.add("devices is missing or empty");
        }
        boolean digitFirst = false;
        boolean hostPaths = false;
        Set<String> names = new HashSet<>();
        for (JsonNode d : devices) {
            String name = text(d, "name");
            if (!DEVICE.matcher(name).matches()) {
                out.add("device name '" + name + "' is not a valid CDI device name");
            }
            digitFirst |= !name.isEmpty() && !Character.isLetter(name.charAt(0));
            if (!names.add(name)) {
                out.add("device name '" + name + "' is defined twice");
            }
            JsonNode edits = d.path("containerEdits");
            if (!edits.isObject() || edits.isEmpty()) {
                out.add("device '" + name + "' has no container edits");
            }
            hostPaths |= checkEdits("device '" + name + "'", edits, out);
        }
        hostPaths |= checkEdits("the spec", spec.path("containerEdits"), out);
        String needed = digitFirst || hostPaths ? "0.5.0" : "0.3.0";
        if (VERSIONS.contains(version) && VERSIONS.indexOf(version) < VERSIONS.indexOf(needed)) {
            out.add("cdiVersion " + version + " is lower than " + needed + ", which its features need");
        }
        if (VERSIONS.contains(version) && VERSIONS.indexOf(version) > VERSIONS.indexOf(needed)) {
            out.add("cdiVersion " + version + " is higher than the " + needed + " its features need");
        }
        return out;
    }

    /** @return whether a device node has a host path (a 0.5.0 feature) */
    private static boolean checkEdits(String where, JsonNode edits, List<String> out) {
        boolean hostPath = false;
        for (JsonNode env : edits.path("env")) {
            if (!ENV.matcher(env.asText()).matches()) {
                out.add(where + ": env '" + env.asText() + "' is not KEY=VALUE");
            }
        }
        for (JsonNode n : edits.path("deviceNodes")) {
            absolute(where + ": device node path", text(n, "path"), out);
            if (n.has("hostPath")) {
                hostPath = true;
                absolute(where + ": device node hostPath", text(n, "hostPath"), out);
            }
            if (n.has("type") && !Set.of("b", "c", "u", "p").contains(text(n, "type"))) {
                out.add(where + ": device node type '" + text(n, "type") + "' is not b, c, u or p");
            }
            if (n.has("major") != n.has("minor")) {
                out.add(where + ": device node " + text(n, "path") + " has only one of major and minor");
            }
        }
        for (JsonNode m : edits.path("mounts")) {
            absolute(where + ": mount hostPath", text(m, "hostPath"), out);
            absolute(where + ": mount containerPath", text(m, "containerPath"), out);
        }
        for (JsonNode h : edits.path("hooks")) {
            if (!HOOK_STAGES.contains(text(h, "hookName"))) {
                out.add(where + ": hook stage '" + text(h, "hookName") + "' is not an OCI hook stage");
            }
            absolute(where + ": hook path", text(h, "path"), out);
        }
        return hostPath;
    }

    private static void absolute(String what, String path, List<String> out) {
        if (!path.startsWith("/")) {
            out.add(what + " '" + path + "' is not absolute");
        }
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }
}
