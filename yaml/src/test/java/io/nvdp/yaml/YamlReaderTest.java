package io.nvdp.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
    private static final YamlReader LENIENT = YamlReader.lenient();

    private static String json(String yaml) throws IOException {
        return LENIENT.read(yaml).toString();
    }

    @Test
    void anEmptyDocumentIsTheMissingNode() throws IOException {
        assertThat(LENIENT.read("").isMissingNode()).isTrue();
        assertThat(LENIENT.read("# only a comment\n").isMissingNode()).isTrue();
    }

    @Test
    void aliasesRepeatAnchoredScalarsAndCollections() throws IOException {
        assertThat(json("x-root: &root /run/nvidia/driver\nnvidiaDriverRoot: *root\n"))
                .isEqualTo("{\"x-root\":\"/run/nvidia/driver\",\"nvidiaDriverRoot\":\"/run/nvidia/driver\"}");
        assertThat(json("r: &r 4\nreplicas: *r\n")).isEqualTo("{\"r\":4,\"replicas\":4}");
        assertThat(json("a: &list [1, 2]\nb: *list\n")).isEqualTo("{\"a\":[1,2],\"b\":[1,2]}");
        assertThat(json("a: &m {k: v}\nb: [*m, *m]\n")).isEqualTo("{\"a\":{\"k\":\"v\"},\"b\":[{\"k\":\"v\"},{\"k\":\"v\"}]}");
    }

    @Test
    void aRedefinedAnchorMeansItsLatestValue() throws IOException {
        assertThat(json("a: &x 1\nb: *x\nc: &x 2\nd: *x\n")).isEqualTo("{\"a\":1,\"b\":1,\"c\":2,\"d\":2}");
    }

    @Test
    void aMergeKeyAddsTheKeysTheMappingDoesNotHave() throws IOException {
        assertThat(json("base: &base {name: nvidia.com/gpu, replicas: 2}\nr:\n  <<: *base\n  replicas: 4\n"))
                .isEqualTo("{\"base\":{\"name\":\"nvidia.com/gpu\",\"replicas\":2},"
                        + "\"r\":{\"replicas\":4,\"name\":\"nvidia.com/gpu\"}}");
        // Explicit keys win wherever they stand, as the merge key type says.
        assertThat(json("b: &b {x: 1}\nr: {x: 2, <<: *b}\n")).endsWith("\"r\":{\"x\":2}}");
    }

    @Test
    void inAListOfMergedMappingsTheFirstOneWins() throws IOException {
        assertThat(json("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nr:\n  <<: [*a, *b]\n"))
                .endsWith("\"r\":{\"x\":1,\"y\":2}}");
        assertThat(json("r:\n  <<: {x: 1}\n  y: 2\n")).isEqualTo("{\"r\":{\"y\":2,\"x\":1}}");
    }

    @Test
    void aMergeOfSomethingElseThanMappingsIsRefused() {
        assertThatThrownBy(() -> json("a: &a 1\nr:\n  <<: *a\n"))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("map merge requires map or sequence of maps as the value");
        assertThatThrownBy(() -> json("a: &a 1\nr:\n  <<: [*a]\n"))
                .hasMessageStartingWith("map merge requires map or sequence of maps as the value");
    }

    @Test
    void unknownAndSelfContainingAnchorsAreRefused() {
        assertThatThrownBy(() -> json("a: *nowhere\n"))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("unknown anchor 'nowhere' referenced");
        assertThatThrownBy(() -> json("a: &loop [1, *loop]\n"))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("anchor 'loop' value contains itself");
    }

    @Test
    void aBillionLaughsIsExcessiveAliasing() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(p);
            }
            yaml.append("]\n");
        }
        assertThatThrownBy(() -> json(yaml.toString()))
                .isInstanceOf(YamlException.class)
                .hasMessage("document contains excessive aliasing");
    }

    @Test
    void moderateAliasingIsFine() throws IOException {
        StringBuilder yaml = new StringBuilder("base: &b {a: 1, b: 2, c: 3}\nitems:\n");
        for (int i = 0; i < 500; i++) {
            yaml.append("  - *b\n");
        }
        assertThat(LENIENT.read(yaml.toString()).get("items").size()).isEqualTo(500);
    }

    @Test
    void deepNestingBuildsWithoutRecursionOnASmallStack() throws Exception {
        String legal = "[".repeat(YamlLimits.MAX_DEPTH) + "]".repeat(YamlLimits.MAX_DEPTH);
        String tooDeep = "a: " + "[".repeat(YamlLimits.MAX_DEPTH + 1) + "]".repeat(YamlLimits.MAX_DEPTH + 1);
        AtomicReference<Object> legalResult = new AtomicReference<>();
        AtomicReference<Object> deepResult = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            legalResult.set(attempt(legal));
            deepResult.set(attempt(tooDeep));
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        assertThat(legalResult.get()).isInstanceOf(JsonNode.class);
        assertThat(deepResult.get()).isInstanceOf(YamlException.class);
        assertThat(((YamlException) deepResult.get()).getOriginalMessage()).isEqualTo("exceeded max depth of 10000");
    }

    private static Object attempt(String yaml) {
        try {
            return LENIENT.read(yaml);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return e;
        }
    }

    @Test
    void aDocumentOfTooManyNodesIsRefused() {
        String yaml = "- 1\n".repeat(YamlLimits.MAX_NODES + 1);
        assertThatThrownBy(() -> LENIENT.read(yaml))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("document has more than 250000 nodes");
    }

    @Test
    void badUtf8IsRefusedInTheGoParsersWords() {
        assertUtf8Error(new byte[] {'a', ':', ' ', (byte) 0xFF}, "invalid leading UTF-8 octet");
        assertUtf8Error(new byte[] {(byte) 0x7F, 'E', 'L', 'F', 0, 1}, "control characters are not allowed");
        assertUtf8Error(new byte[] {'a', ':', ' ', (byte) 0xC3, 'x'}, "invalid trailing UTF-8 octet");
        assertUtf8Error(new byte[] {'a', ':', ' ', (byte) 0xC0, (byte) 0x80}, "invalid length of a UTF-8 sequence");
        assertUtf8Error(new byte[] {'a', ':', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, "invalid Unicode character");
        assertUtf8Error(new byte[] {'a', ':', ' ', (byte) 0xE2, (byte) 0x82}, "incomplete UTF-8 octet sequence");
    }

    @Test
    void validUtf8PassesWhole() throws IOException {
        assertThat(LENIENT.read("name: \"r\u00e9seau \u20ac \ud83d\ude80\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .get("name").asText()).isEqualTo("r\u00e9seau \u20ac \ud83d\ude80");
    }

    private static void assertUtf8Error(byte[] content, String message) {
        assertThatThrownBy(() -> LENIENT.read(content))
                .isInstanceOf(YamlException.class)
                .hasMessage(message);
    }

    @Test
    void strictReadingRefusesRepeatedKeysAndReadsEmptyAsNull() throws IOException {
        assertThatThrownBy(() -> YamlReader.strict().read("a: 1\na: 2\n")).hasMessageContaining("Duplicate field 'a'");
        assertThat(YamlReader.strict().read("a:\n").get("a").isNull()).isTrue();
        assertThat(LENIENT.read("a: 1\na: 2\n").get("a").asInt()).isEqualTo(2);
    }
}
