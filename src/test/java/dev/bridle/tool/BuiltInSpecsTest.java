package dev.bridle.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.sun.net.httpserver.HttpServer;
import dev.bridle.access.PermissionCheck;
import dev.bridle.access.PathScope;
import dev.bridle.model.ToolCall;
import dev.bridle.model.ToolSpec;
import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schemas a model is shown are the arguments the tools read: each tool, called with its schema's required
 * arguments, does its work, and called without one of them, says that argument is missing.
 */
class BuiltInSpecsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workspace;

    private HttpServer web;
    private BuiltInTools tools;

    @BeforeEach
    void open() throws Exception {
        web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/hello", exchange -> {
            byte[] body = "hi there".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        web.start();
        // The local server is loopback, which http.get reaches only when an allow rule names it with its port.
        Permissions permissions = new Permissions(Effect.DENY, List.of(new PermissionRule("local", Effect.ALLOW,
                "http.get", List.of(), List.of(), List.of("127.0.0.1:" + web.getAddress().getPort()), null)));
        tools = BuiltInTools.files(PathScope.of(workspace), PermissionCheck.of(permissions));
    }

    @AfterEach
    void close() {
        web.stop(0);
    }

    private ToolResult call(String tool, Map<String, String> args) throws Exception {
        return tools.call("a", new ToolCall(tool, JSON.writeValueAsString(args)));
    }

    private static JsonNode schema(String tool) throws Exception {
        return JSON.readTree(BuiltInSpecs.of(tool).orElseThrow().parameters());
    }

    private static List<String> required(String tool) throws Exception {
        List<String> names = new ArrayList<>();
        schema(tool).path("required").forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    void everyBuiltInToolHasASpecAndEverySpecABuiltInTool() {
        assertThat(BuiltInSpecs.all()).extracting(ToolSpec::name).containsExactlyInAnyOrderElementsOf(tools.names());
    }

    @Test
    void everySpecDescribesTheToolAndEachArgument() throws Exception {
        for (ToolSpec spec : BuiltInSpecs.all()) {
            JsonNode schema = JSON.readTree(spec.parameters());
            assertThat(spec.description()).as(spec.name()).isNotBlank();
            assertThat(schema.path("type").asText()).as(spec.name()).isEqualTo("object");
            assertThat(schema.path("properties").size()).as(spec.name()).isPositive();
            schema.path("properties").properties().forEach(p -> {
                assertThat(p.getValue().path("type").asText()).as(spec.name() + "." + p.getKey()).isEqualTo("string");
                assertThat(p.getValue().path("description").asText()).as(spec.name() + "." + p.getKey())
                        .isNotBlank();
            });
            schema.path("required").forEach(r -> assertThat(schema.path("properties").has(r.asText()))
                    .as(spec.name() + " requires a property it describes: " + r.asText()).isTrue());
        }
    }

    @Test
    void theRequiredArgumentsAreTheOnesEachToolCannotDoWithout() throws Exception {
        assertThat(required(FsRead.NAME)).containsExactly("path");
        assertThat(required(FsWrite.NAME)).containsExactly("path", "content");
        assertThat(required(FsList.NAME)).isEmpty();
        assertThat(required(FsDelete.NAME)).containsExactly("path");
        assertThat(required(HttpGet.NAME)).containsExactly("url");
        assertThat(required(ShellTool.NAME)).containsExactly("command");
    }

    @Test
    void fileToolsWorkWithTheirRequiredArgumentsAlone() throws Exception {
        assertThat(call(FsWrite.NAME, Map.of("path", "notes/a.txt", "content", "hello")).ok()).isTrue();
        assertThat(call(FsRead.NAME, Map.of("path", "notes/a.txt"))).extracting(ToolResult::output).isEqualTo("hello");
        assertThat(call(FsList.NAME, Map.of()).output().lines()).containsExactly("notes/");
        assertThat(call(FsList.NAME, Map.of("path", "notes")).output().lines()).containsExactly("a.txt");
        assertThat(call(FsDelete.NAME, Map.of("path", "notes/a.txt")).ok()).isTrue();
        assertThat(Files.exists(workspace.resolve("notes/a.txt"))).isFalse();
    }

    @Test
    void httpGetAndShellWorkWithTheirRequiredArgumentsAlone() throws Exception {
        Files.writeString(workspace.resolve("notes.txt"), "from the workspace");
        String url = "http://127.0.0.1:" + web.getAddress().getPort() + "/hello";

        assertThat(call(HttpGet.NAME, Map.of("url", url)).output()).isEqualTo("HTTP 200\nhi there");
        assertThat(call(ShellTool.NAME, Map.of("command", "cat notes.txt"))).extracting(ToolResult::output)
                .isEqualTo("from the workspace");
    }

    @Test
    void eachToolLeftWithoutARequiredArgumentNamesIt() throws Exception {
        Map<String, Map<String, String>> complete = Map.of(
                FsRead.NAME, Map.of("path", "a.txt"),
                FsWrite.NAME, Map.of("path", "a.txt", "content", "x"),
                FsDelete.NAME, Map.of("path", "a.txt"),
                HttpGet.NAME, Map.of("url", "http://127.0.0.1:1/"),
                ShellTool.NAME, Map.of("command", "true"));
        for (var tool : complete.entrySet()) {
            for (String argument : required(tool.getKey())) {
                Map<String, String> without = new HashMap<>(tool.getValue());
                without.remove(argument);

                ToolResult result = call(tool.getKey(), without);

                assertThat(result.ok()).as(tool.getKey() + " without " + argument).isFalse();
                assertThat(result.output()).as(tool.getKey() + " without " + argument).contains(argument);
            }
        }
    }

    @Test
    void theSchemasAcceptWhatTheToolsTakeAndRefuseWhatTheyCannotDoWithout() throws Exception {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        JsonSchema write = factory.getSchema(schema(FsWrite.NAME));
        JsonSchema list = factory.getSchema(schema(FsList.NAME));

        assertThat(write.validate(JSON.readTree("{\"path\":\"a.txt\",\"content\":\"\"}"))).isEmpty();
        assertThat(write.validate(JSON.readTree("{\"path\":\"a.txt\"}"))).isNotEmpty();
        assertThat(write.validate(JSON.readTree("{\"path\":1,\"content\":\"x\"}"))).isNotEmpty();
        assertThat(list.validate(JSON.readTree("{}"))).isEmpty();
    }

    @Test
    void aToolThatIsNotBuiltInIsOfferedWithAnyArguments() {
        assertThat(BuiltInSpecs.offered("tests.run")).isEqualTo(ToolSpec.anyArguments("tests.run"));
        assertThat(BuiltInSpecs.offered("fs.read")).isSameAs(BuiltInSpecs.of("fs.read").orElseThrow());
    }
}
