package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed access to a {@link SourceDocument}'s tree that collects located problems instead of throwing on the first.
 * Readers of each document kind build on it.
 */
final class TreeReader {

    private final SourceDocument doc;
    private final List<Problem> problems = new ArrayList<>();

    TreeReader(SourceDocument doc) {
        this.doc = doc;
    }

    SourceDocument doc() {
        return doc;
    }

    List<Problem> problems() {
        return problems;
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    void error(String pointer, String message) {
        problems.add(Problem.error(doc.locate(pointer), pointer, message));
    }

    void warning(String pointer, String message) {
        problems.add(Problem.warning(doc.locate(pointer), pointer, message));
    }

    static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    /** Human form of a pointer for messages: {@code workflow.nodes.code.next}. */
    static String path(String pointer) {
        if (pointer.isEmpty()) {
            return "the document";
        }
        return pointer.substring(1).replace('/', '.').replace("~1", "/").replace("~0", "~");
    }

    /** The object at {@code pointer}, reporting a problem when it is something else. */
    Optional<JsonNode> object(JsonNode node, String pointer) {
        if (node == null || node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            error(pointer, path(pointer) + " must be a mapping, not " + describe(node));
            return Optional.empty();
        }
        return Optional.of(node);
    }

    Optional<JsonNode> requireObject(JsonNode parent, String parentPointer, String name) {
        JsonNode n = parent.get(name);
        if (n == null) {
            error(parentPointer, path(parentPointer) + " needs '" + name + "'");
            return Optional.empty();
        }
        return object(n, child(parentPointer, name));
    }

    Optional<String> text(JsonNode parent, String parentPointer, String name, boolean required) {
        JsonNode n = parent.get(name);
        String pointer = child(parentPointer, name);
        if (n == null || n.isNull()) {
            if (required) {
                error(parentPointer, path(parentPointer) + " needs '" + name + "'");
            }
            return Optional.empty();
        }
        if (!n.isTextual()) {
            error(pointer, path(pointer) + " must be text, not " + describe(n));
            return Optional.empty();
        }
        return Optional.of(n.asText());
    }

    Optional<Integer> positiveInt(JsonNode parent, String parentPointer, String name, boolean required) {
        JsonNode n = parent.get(name);
        String pointer = child(parentPointer, name);
        if (n == null || n.isNull()) {
            if (required) {
                error(parentPointer, path(parentPointer) + " needs '" + name + "'");
            }
            return Optional.empty();
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
            error(pointer, path(pointer) + " must be a whole number of at least 1, not " + describe(n));
            return Optional.empty();
        }
        return Optional.of(n.asInt());
    }

    List<String> textList(JsonNode parent, String parentPointer, String name) {
        JsonNode n = parent.get(name);
        String pointer = child(parentPointer, name);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            error(pointer, path(pointer) + " must be a list, not " + describe(n));
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (e.isTextual()) {
                out.add(e.asText());
            } else {
                error(child(pointer, i), path(child(pointer, i)) + " must be text, not " + describe(e));
            }
        }
        return out;
    }

    /** Entries of a mapping in document order. */
    Map<String, JsonNode> entries(JsonNode object) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Reports every key of {@code object} that is not in {@code known}. */
    void onlyKeys(JsonNode object, String pointer, Set<String> known) {
        for (String key : entries(object).keySet()) {
            if (!known.contains(key)) {
                String p = child(pointer, key);
                error(p, "unknown key '" + key + "' in " + path(pointer) + "; expected one of " + sorted(known));
            }
        }
    }

    static String sorted(Set<String> words) {
        return words.stream().sorted().toList().toString();
    }

    static String describe(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "'" + n.asText() + "'";
        }
        if (n.isNull()) {
            return "null";
        }
        return n.toString();
    }
}
