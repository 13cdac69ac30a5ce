package dev.bridle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolSpecTest {

    private final ToolCallCheck check = new ToolCallCheck();

    @Test
    void parametersAreKeptAsCanonicalJson() {
        ToolSpec spec = new ToolSpec("fs.read", "Read a file", "{ \"type\": \"object\", \"required\": [\"path\"],"
                + " \"properties\": {\"path\": {\"type\": \"string\"}} }");

        assertThat(spec.parameters()).isEqualTo(
                "{\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"],\"type\":\"object\"}");
    }

    @Test
    void anyArgumentsIsAnEmptyObjectSchema() {
        assertThat(ToolSpec.anyArguments("tests.run"))
                .isEqualTo(new ToolSpec("tests.run", "", "{\"type\":\"object\"}"));
    }

    @Test
    void parametersMustBeAJsonObject() {
        assertThatThrownBy(() -> new ToolSpec("t", "", "[1]"))
                .hasMessage("tool 't': parameters are not a JSON Schema object (expected a JSON object, got array)");
        assertThatThrownBy(() -> new ToolSpec("t", "", "{oops"))
                .hasMessageStartingWith("tool 't': parameters are not a JSON Schema object (");
    }

    @Test
    void remoteReferencesAreRefused() {
        assertThatThrownBy(() -> new ToolSpec("t", "", "{\"type\":\"object\",\"properties\":{\"a\":"
                + "{\"$ref\":\"http://127.0.0.1:9/schema.json\"}}}"))
                .hasMessage("tool 't': parameters refer to 'http://127.0.0.1:9/schema.json'; only local references"
                        + " (#/...) are allowed");
    }

    @Test
    void localReferencesAreChecked() throws Exception {
        ToolSpec spec = new ToolSpec("move", "", "{\"type\":\"object\",\"$defs\":{\"p\":{\"type\":\"string\"}},"
                + "\"properties\":{\"from\":{\"$ref\":\"#/$defs/p\"}},\"required\":[\"from\"]}");

        assertThat(check.call(spec, json("{\"from\":\"a\"}"), "").args()).isEqualTo("{\"from\":\"a\"}");
        assertThatThrownBy(() -> check.call(spec, json("{\"from\":1}"), ""))
                .isInstanceOfSatisfying(ModelException.class,
                        e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_ARGUMENTS));
    }

    @Test
    void olderSchemaDialectsAreChecked() throws Exception {
        ToolSpec spec = new ToolSpec("count", "", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                + "\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}");

        assertThat(check.call(spec, json("{\"n\":3}"), "").args()).isEqualTo("{\"n\":3}");
        assertThatThrownBy(() -> check.call(spec, json("{\"n\":\"three\"}"), ""))
                .isInstanceOf(ModelException.class);
    }

    @Test
    void checkedArgumentsComeOutCanonical() throws Exception {
        ToolCall call = check.call(ToolSpec.anyArguments("w"), json("{\"b\":1,\"a\":{\"d\":2,\"c\":3}}"), "id-1");

        assertThat(call).isEqualTo(new ToolCall("w", "{\"a\":{\"c\":3,\"d\":2},\"b\":1}", "id-1"));
    }

    @Test
    void unknownToolListsTheOfferedOnesSortedAsTheModelSawThem() {
        List<ToolSpec> tools = List.of(ToolSpec.anyArguments("fs.write"), ToolSpec.anyArguments("fs.read"),
                ToolSpec.anyArguments("notes"));
        ToolNames names = ToolNames.of(tools.stream().map(ToolSpec::name).toList());

        assertThatThrownBy(() -> check.offered("rm", tools, names))
                .hasMessage("model called an unknown tool ('rm'; offered: fs_read (fs.read), fs_write (fs.write),"
                        + " notes)");
        assertThatThrownBy(() -> check.offered("rm", List.of(), ToolNames.of(List.of())))
                .hasMessage("model called an unknown tool ('rm'; the request offered no tools)");
    }

    @Test
    void anUnknownNameIsQuotedOnOneShortLine() {
        String madeUp = "multi_tool_use.parallel\n" + "x".repeat(200);

        assertThatThrownBy(() -> check.offered(madeUp, List.of(), ToolNames.of(List.of())))
                .hasMessage("model called an unknown tool ('multi_tool_use.parallel " + "x".repeat(56)
                        + "…'; the request offered no tools)");
    }

    @Test
    void aToolIsFoundByItsWireNameOnly() throws Exception {
        List<ToolSpec> tools = List.of(ToolSpec.anyArguments("fs.read"));
        ToolNames names = ToolNames.of(List.of("fs.read"));

        assertThat(check.offered("fs_read", tools, names).name()).isEqualTo("fs.read");
        // the harness's own name is not what the model was offered, so a model that writes it is told so
        assertThatThrownBy(() -> check.offered("fs.read", tools, names))
                .isInstanceOfSatisfying(ModelException.class,
                        e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.UNKNOWN_TOOL));
    }

    private static JsonNode json(String text) throws Exception {
        return JsonMapper.builder().build().readTree(text);
    }
}
