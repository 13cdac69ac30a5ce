package dev.bridle.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts JSON and plain Java values to the value types CEL evaluates (long, double, string, bool, list, map). */
final class CelValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CelValues() {}

    static Map<String, Object> fromJsonObject(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            Object v = of(n);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = v instanceof Map<?, ?> ? (Map<String, Object>) v : Map.of();
            return m;
        } catch (Exception e) {
            return Map.of();
        }
    }

    static Object of(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.properties().forEach(e -> m.put(e.getKey(), of(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(of(x)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isNull()) {
            return "";
        }
        return n.asText();
    }

    /** Normalises a value from YAML or a tool (Integer to Long, Float to Double, nested maps and lists). */
    static Object normalise(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Short s) {
            return s.longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalise(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normalise(x)));
            return out;
        }
        return v;
    }
}
