package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a document's tree against the harness JSON Schema (the contract) and turns each violation into a located
 * problem.
 */
public final class SchemaCheck {

    private static final String HARNESS_SCHEMA = "/dev/bridle/policy/harness.schema.json";
    private static final JsonSchema HARNESS = load(HARNESS_SCHEMA);
    private static final JsonNode HARNESS_TREE = tree(HARNESS_SCHEMA);

    private SchemaCheck() {}

    /** The harness JSON Schema text, as {@code bridle schema} prints it and editors use it. */
    public static String harnessSchemaText() {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(HARNESS_SCHEMA)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String resource) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema load(String resource) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, SchemaValidatorsConfig.builder().build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Schema violations of a harness document, one per offending element, in document order. */
    static List<Problem> harness(SourceDocument doc) {
        return check(HARNESS, doc);
    }

    private static List<Problem> check(JsonSchema schema, SourceDocument doc) {
        Set<ValidationMessage> messages = schema.validate(doc.root());
        // oneOf reports one message per alternative; one message per element is what a user can act on.
        Map<String, ValidationMessage> byPointer = new LinkedHashMap<>();
        for (ValidationMessage m : messages) {
            String pointer = pointer(m);
            byPointer.merge(pointer, m, (a, b) -> rank(a) <= rank(b) ? a : b);
        }
        List<Problem> out = new ArrayList<>();
        byPointer.forEach((pointer, m) -> out.add(Problem.error(doc.locate(pointer), pointer, render(pointer, m))));
        out.sort(Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return out;
    }

    /** Prefer the messages a person understands: a wrong type or value over "must be valid to one schema". */
    private static int rank(ValidationMessage m) {
        return switch (m.getType()) {
            case "additionalProperties", "required", "type", "enum", "const", "minimum", "maximum", "pattern" -> 0;
            case "oneOf", "anyOf" -> 2;
            default -> 1;
        };
    }

    private static String pointer(ValidationMessage m) {
        JsonNodePath path = m.getInstanceLocation();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object e = path.getElement(i);
            sb.append('/').append(String.valueOf(e).replace("~", "~0").replace("/", "~1"));
        }
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            sb.append('/').append(m.getProperty().replace("~", "~0").replace("/", "~1"));
        }
        if ("propertyNames".equals(m.getType())) {
            // One problem per bad key, located at the key (an empty key is located at its mapping).
            String key = badKey(m);
            if (!key.isEmpty()) {
                sb.append('/').append(key.replace("~", "~0").replace("/", "~1"));
            }
        }
        return sb.toString();
    }

    private static String render(String pointer, ValidationMessage m) {
        JsonNode node = m.getInstanceNode();
        String where = TreeReader.path(pointer);
        return switch (m.getType()) {
            case "additionalProperties" -> "unknown key '" + m.getProperty() + "' in "
                    + TreeReader.path(pointer.substring(0, pointer.lastIndexOf('/'))) + allowedKeys(m);
            case "minimum" -> where + " must be at least " + m.getSchemaNode() + ", not "
                    + (node == null ? "nothing" : TreeReader.describe(node));
            // A limit past its type's range would wrap when read (2^32 + 1 became 1), so it is refused here.
            case "maximum" -> where + " must be at most " + m.getSchemaNode() + ", not "
                    + (node == null ? "nothing" : TreeReader.describe(node));
            case "required" -> where + " needs '" + m.getProperty() + "'";
            case "const" -> where + " must be " + m.getSchemaNode();
            case "propertyNames" -> {
                String key = badKey(m);
                String parent = key.isEmpty() ? pointer : pointer.substring(0, pointer.lastIndexOf('/'));
                yield "'" + key + "' is not a valid name in " + TreeReader.path(parent)
                        + (key.isEmpty() ? " (a name cannot be empty)" : "; a name has only letters, digits, _ . -"
                                + " and starts with a letter, digit or _");
            }
            case "maxProperties" -> where + " has " + (node == null ? "too many" : node.size()) + " keys; at most "
                    + m.getSchemaNode() + " is allowed" + (pointer.startsWith("/tools/")
                    ? ": a tool is declared with one of fetches, reads, runs or writes" : "");
            case "enum" -> where + " must be one of " + m.getSchemaNode() + ", not "
                    + (node == null ? "nothing" : TreeReader.describe(node));
            default -> where + ": " + stripPath(m);
        };
    }

    /** The offending key of a {@code propertyNames} message (its first argument). */
    private static String badKey(ValidationMessage m) {
        Object[] args = m.getArguments();
        return args != null && args.length > 0 && args[0] != null ? String.valueOf(args[0]) : "";
    }

    private static String stripPath(ValidationMessage m) {
        String msg = m.getMessage();
        int colon = msg.indexOf(": ");
        return colon >= 0 && (msg.startsWith("$") || msg.startsWith("/")) ? msg.substring(colon + 2) : msg;
    }

    /** The keys the schema allows where an unknown key was found: the sibling {@code properties} of the rule. */
    private static String allowedKeys(ValidationMessage m) {
        String fragment = m.getSchemaLocation() == null ? null : m.getSchemaLocation().getFragment().toString();
        if (fragment == null || !fragment.endsWith("/additionalProperties")) {
            return "";
        }
        String parent = fragment.substring(0, fragment.length() - "/additionalProperties".length());
        JsonNode props = HARNESS_TREE.at(parent.startsWith("#") ? parent.substring(1) : parent).path("properties");
        List<String> keys = new ArrayList<>();
        props.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        return keys.isEmpty() ? "" : "; expected one of " + keys;
    }
}
