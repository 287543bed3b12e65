package io.nvdp.adapters.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The validator must catch each rule's violation, or passing it would prove nothing. */
class CdiSpecRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID = """
            {"cdiVersion": "0.5.0", "kind": "k8s.device-plugin.nvidia.com/gpu",
             "devices": [{"name": "0", "containerEdits": {"deviceNodes": [{"path": "/dev/nvidia0",
                 "hostPath": "/dev/nvidia0", "type": "c", "major": 195, "minor": 0}]}}],
             "containerEdits": {"env": ["NVIDIA_VISIBLE_DEVICES=void"],
                 "hooks": [{"hookName": "createContainer", "path": "/usr/bin/nvidia-ctk", "args": ["nvidia-ctk"]}],
                 "mounts": [{"hostPath": "/usr/lib/libcuda.so.1", "containerPath": "/usr/lib/libcuda.so.1"}]}}
            """;

    private static ObjectNode valid() throws Exception {
        return (ObjectNode) JSON.readTree(VALID);
    }

    private static ObjectNode device(ObjectNode spec) {
        return (ObjectNode) spec.withArray("devices").get(0);
    }

    private static void assertCaught(Consumer<ObjectNode> breakIt, String expected) throws Exception {
        ObjectNode spec = valid();
        breakIt.accept(spec);
        assertThat(CdiSpecRules.violations(spec)).anySatisfy(v -> assertThat(v).contains(expected));
    }

    @Test
    void aValidSpecPasses() throws Exception {
        assertThat(CdiSpecRules.violations(valid())).isEmpty();
    }

    @Test
    void eachBrokenRuleIsCaught() throws Exception {
        assertCaught(s -> s.remove("cdiVersion"), "cdiVersion '' is not a released");
        assertCaught(s -> s.put("cdiVersion", "0.4.0"), "lower than 0.5.0");
        assertCaught(s -> s.put("kind", "nvidia.com"), "is not vendor/class");
        assertCaught(s -> s.put("kind", "-nvidia.com/gpu"), "is not vendor/class");
        assertCaught(s -> s.put("kind", "nvidia.com/g.pu"), "is not vendor/class");
        assertCaught(s -> s.putArray("devices"), "devices is missing or empty");
        assertCaught(s -> device(s).put("name", "0/1"), "is not a valid CDI device name");
        assertCaught(s -> device(s).put("name", "a-"), "is not a valid CDI device name");
        assertCaught(s -> s.withArray("devices").add(device(s).deepCopy()), "is defined twice");
        assertCaught(s -> device(s).putObject("containerEdits"), "has no container edits");
    }

    @Test
    void pathsStagesEnvAndVersionsAreChecked() throws Exception {
        assertCaught(s -> node(s).put("path", "dev/nvidia0"), "device node path 'dev/nvidia0' is not absolute");
        assertCaught(s -> node(s).put("hostPath", "nvidia0"), "device node hostPath 'nvidia0' is not absolute");
        assertCaught(s -> node(s).put("type", "x"), "is not b, c, u or p");
        assertCaught(s -> node(s).remove("minor"), "only one of major and minor");
        assertCaught(s -> common(s, "mounts").put("containerPath", "lib"), "mount containerPath 'lib'");
        assertCaught(s -> common(s, "hooks").put("hookName", "beforeStart"), "is not an OCI hook stage");
        assertCaught(s -> common(s, "hooks").put("path", "nvidia-ctk"), "hook path 'nvidia-ctk'");
        assertCaught(s -> ((ArrayNode) s.get("containerEdits").get("env")).add("NOEQUALS"), "is not KEY=VALUE");
        assertCaught(s -> s.put("cdiVersion", "0.6.0"), "higher than the 0.5.0");
        assertCaught(s -> {
            node(s).remove("hostPath");
            s.put("cdiVersion", "0.3.0");
        }, "lower than 0.5.0");
    }

    private static ObjectNode node(ObjectNode spec) {
        return (ObjectNode) device(spec).get("containerEdits").get("deviceNodes").get(0);
    }

    private static ObjectNode common(ObjectNode spec, String list) {
        JsonNode edits = spec.get("containerEdits");
        return (ObjectNode) edits.get(list).get(0);
    }
}
