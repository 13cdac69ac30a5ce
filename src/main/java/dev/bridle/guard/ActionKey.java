package dev.bridle.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The action a tool call is, as the loop guard compares actions: {@code tool{args}} with the arguments in one form
 * by meaning. Object keys are sorted, a number is written by its value ({@code 7}, {@code 7.0} and {@code 7e0} are
 * {@code 7}), and the argument a tool reads or writes through is a path in its normal form ({@code ./a},
 * {@code x/../a} and {@code a} are {@code a}), so that a model cannot escape the guard by spelling a call anew.
 */
public final class ActionKey {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ActionKey() {}

    /**
     * The key of a call of {@code tool} with JSON arguments {@code args}.
     *
     * @param pathArgument the argument the tool names a workspace path through, or {@code null}
     * @param normalisePath the path's normal form (left as written when the workspace refuses it)
     */
    public static String of(String tool, String args, String pathArgument, UnaryOperator<String> normalisePath) {
        if (args.equals("{}")) {
            return tool + args;
        }
        try {
            JsonNode tree = JSON.readerFor(JsonNode.class).with(NODES)
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readValue(args);
            JsonNode canonical = canonical(tree);
            if (pathArgument != null && canonical instanceof ObjectNode object && object.path(pathArgument)
                    .isTextual()) {
                object.put(pathArgument, normalisePath.apply(object.get(pathArgument).asText()));
            }
            return tool + JSON.writeValueAsString(canonical);
        } catch (JsonProcessingException | RuntimeException e) {
            // Arguments that are not JSON compare as written.
            return tool + args;
        }
    }

    /** Recursive, but bounded: Jackson refuses JSON nested deeper than its 1,000-level default when reading. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            // Whole numbers by their integer value: 7.0 and 7 are one action; fractions by their shortest decimal.
            return value.scale() <= 0 ? NODES.numberNode(value.toBigIntegerExact()) : NODES.numberNode(value);
        }
        if (node instanceof ObjectNode object) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                out.set(e.getKey(), canonical(e.getValue()));
            }
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = NODES.arrayNode();
            array.forEach(e -> out.add(canonical(e)));
            return out;
        }
        return node;
    }
}
