package dev.bridle.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON text in one canonical form (compact, object keys sorted), so that equal values have equal text. The model
 * package keeps Jackson to itself: records outside it carry JSON as canonical text.
 */
final class CanonicalJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private CanonicalJson() {}

    /** Parses {@code json}; the exception's message is one line (Jackson's own spans several). */
    static JsonNode parse(String json) throws JsonProblem {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new JsonProblem("no JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new JsonProblem(oneLine(e));
        }
    }

    /** Parses {@code json} and requires an object. */
    static ObjectNode parseObject(String json) throws JsonProblem {
        JsonNode node = parse(json);
        if (!(node instanceof ObjectNode object)) {
            throw new JsonProblem("expected a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return object;
    }

    /** The canonical text of {@code node}. */
    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** Jackson's message without the source excerpt, with its line and column. */
    static String oneLine(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").strip();
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message += " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
        }
        return message;
    }

    /** JSON text that could not be read; the message is one line. */
    static final class JsonProblem extends Exception {
        JsonProblem(String message) {
            super(message);
        }
    }
}
