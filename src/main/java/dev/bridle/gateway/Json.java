package dev.bridle.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The gateway's JSON reading and writing: one mapper, bodies as trees so that unknown fields pass through as sent. */
final class Json {

    // Big decimals are kept as written: a pass-through must not round a client's numbers.
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // A body is one JSON value: text after it could be read otherwise by the model server.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A key given twice is refused rather than read as its last value, which another parser may not do.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    /** The request body as an object, or a 400 naming what is wrong with it. */
    static ObjectNode object(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new GatewayException(400, "invalid_request_error",
                    "the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new GatewayException(400, "invalid_request_error", "the request body must be a JSON object");
        }
        // Some model servers (Ollama, in Go) match keys without regard to case: "Stream" next to "stream" would make
        // the gateway and the server read two different requests. Keys that differ only in case are refused.
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (java.util.Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String other = seen.putIfAbsent(key.toLowerCase(java.util.Locale.ROOT), key);
            if (other != null) {
                throw new GatewayException(400, "invalid_request_error", "the request has both '" + other + "' and '"
                        + key + "': keys that differ only in case are refused");
            }
        }
        return (ObjectNode) node;
    }

    /** A JSON body from the upstream, read from its bytes (no String copy of it first), or null when not JSON. */
    static JsonNode parseOrNull(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** A JSON text from the upstream, or null when it is not JSON. */
    static JsonNode parseOrNull(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not write: " + e.getMessage(), e);
        }
    }

    static String text(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    /** Arguments as a JSON object text: a string is taken as JSON text, an object is written; empty becomes {}. */
    static String args(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "{}";
        }
        if (node.isTextual()) {
            return node.asText().isBlank() ? "{}" : node.asText();
        }
        return text(node);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
