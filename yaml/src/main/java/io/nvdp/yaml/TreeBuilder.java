package io.nvdp.yaml;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the first document of a parser into a {@link JsonNode} tree without recursion (an explicit
 * stack of open collections), resolving anchors, aliases and merge keys on the way. An alias shares
 * the anchored node instead of copying it; its expanded size still counts against the alias budget
 * and the node limit, so that what the tree's readers walk stays bounded.
 */
final class TreeBuilder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE_KEY = "<<";

    private final AnchorAwareParser parser;
    private final AliasBudget budget = new AliasBudget();
    private final Map<String, Anchored> anchors = new HashMap<>();
    /** Anchors whose collections are still open: an alias to one of them would contain itself. */
    private final Set<String> open = new HashSet<>();
    private final Deque<Frame> stack = new ArrayDeque<>();

    private record Anchored(JsonNode node, long size) {
    }

    /** An open mapping or sequence. */
    private static final class Frame {
        final JsonNode node;
        final String anchor;
        String key;
        long size = 1;
        /** Mappings named by merge keys, in order: the first that has a key gives its value. */
        List<ObjectNode> merges;

        Frame(JsonNode node, String anchor) {
            this.node = node;
            this.anchor = anchor;
        }
    }

    TreeBuilder(AnchorAwareParser parser) {
        this.parser = parser;
    }

    JsonNode build() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return MissingNode.getInstance();
        }
        while (true) {
            JsonNode done;
            long size;
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    String anchor = parser.getObjectId();
                    if (stack.size() >= YamlLimits.MAX_DEPTH) {
                        throw new YamlException("exceeded max depth of " + YamlLimits.MAX_DEPTH,
                                parser.currentLocation());
                    }
                    budget.node();
                    if (anchor != null) {
                        open.add(anchor);
                    }
                    stack.push(new Frame(token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode(),
                            anchor));
                    token = parser.nextToken();
                    continue;
                }
                case FIELD_NAME -> {
                    budget.node();
                    stack.element().key = parser.currentName();
                    token = parser.nextToken();
                    continue;
                }
                case END_OBJECT, END_ARRAY -> {
                    Frame frame = stack.pop();
                    if (frame.merges != null) {
                        merge((ObjectNode) frame.node, frame.merges);
                    }
                    done = frame.node;
                    size = frame.size;
                    if (frame.anchor != null) {
                        open.remove(frame.anchor);
                        anchors.put(frame.anchor, new Anchored(done, size));
                    }
                }
                default -> {
                    if (parser.isCurrentAlias()) {
                        Anchored target = alias(parser.getText());
                        done = target.node();
                        size = target.size() + 1;
                    } else {
                        budget.node();
                        done = scalar(token);
                        size = 1;
                        String anchor = parser.scalarAnchor();
                        if (anchor != null) {
                            anchors.put(anchor, new Anchored(done, 1));
                        }
                    }
                }
            }
            if (budget.decoded() > YamlLimits.MAX_NODES) {
                throw new YamlException("document has more than " + YamlLimits.MAX_NODES + " nodes",
                        parser.currentLocation());
            }
            if (stack.isEmpty()) {
                return done;
            }
            attach(stack.element(), done, size);
            token = parser.nextToken();
        }
    }

    private Anchored alias(String name) throws YamlException {
        if (open.contains(name)) {
            throw new YamlException("anchor '" + name + "' value contains itself", parser.currentLocation());
        }
        Anchored target = anchors.get(name);
        if (target == null) {
            throw new YamlException("unknown anchor '" + name + "' referenced", parser.currentLocation());
        }
        budget.alias(target.size());
        return target;
    }

    private void attach(Frame parent, JsonNode value, long size) throws YamlException {
        parent.size = AliasBudget.saturatingAdd(parent.size, size + (parent.node.isObject() ? 1 : 0));
        if (parent.node instanceof ArrayNode array) {
            array.add(value);
            return;
        }
        String key = parent.key;
        if (MERGE_KEY.equals(key)) {
            addMerge(parent, value);
        } else {
            ((ObjectNode) parent.node).set(key, value);
        }
    }

    private void addMerge(Frame parent, JsonNode value) throws YamlException {
        List<ObjectNode> sources = new ArrayList<>();
        if (value instanceof ObjectNode object) {
            sources.add(object);
        } else if (value instanceof ArrayNode array) {
            for (JsonNode item : array) {
                if (!(item instanceof ObjectNode object)) {
                    throw mergeError();
                }
                sources.add(object);
            }
        } else {
            throw mergeError();
        }
        if (parent.merges == null) {
            parent.merges = new ArrayList<>();
        }
        parent.merges.addAll(sources);
    }

    private YamlException mergeError() {
        return new YamlException("map merge requires map or sequence of maps as the value", parser.currentLocation());
    }

    /** Keys of the mapping itself win over merged ones; among merged mappings the first one wins. */
    private static void merge(ObjectNode target, List<ObjectNode> sources) {
        for (ObjectNode source : sources) {
            for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!target.has(entry.getKey())) {
                    target.set(entry.getKey(), entry.getValue());
                }
            }
        }
    }

    private JsonNode scalar(JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> switch (parser.getNumberType()) {
                case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
                case FLOAT -> NODES.numberNode(parser.getFloatValue());
                default -> NODES.numberNode(parser.getDoubleValue());
            };
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_EMBEDDED_OBJECT -> {
                Object embedded = parser.getEmbeddedObject();
                yield embedded == null ? NODES.nullNode()
                        : embedded instanceof byte[] bytes ? NODES.binaryNode(bytes) : NODES.pojoNode(embedded);
            }
            default -> NODES.nullNode();
        };
    }
}
