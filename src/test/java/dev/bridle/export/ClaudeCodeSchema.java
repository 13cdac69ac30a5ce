package dev.bridle.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Claude Code's settings JSON Schema (the SchemaStore copy in {@code src/test/resources/claude-code}), loaded once. */
final class ClaudeCodeSchema {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private ClaudeCodeSchema() {}

    /** The schema's complaints about a settings file, as text; empty when it is valid. */
    static List<String> problems(String settingsJson) {
        try {
            JsonNode node = JSON.readTree(settingsJson);
            return SCHEMA.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema load() {
        try (InputStream in = ClaudeCodeSchema.class.getResourceAsStream(
                "/claude-code/claude-code-settings.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(in, SchemaValidatorsConfig.builder().build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
