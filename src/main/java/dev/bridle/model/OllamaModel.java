package dev.bridle.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A model served by Ollama, called through {@code POST /api/chat} without streaming.
 *
 * <p>Ollama sends tool arguments as a JSON object and names a tool result by {@code tool_name}. When it leaves out a
 * token count ({@code prompt_eval_count} is absent when the prompt was cached), the count is estimated with
 * {@link TokenCounter#cl100k()}.
 */
public final class OllamaModel implements RemoteModel {

    static final String CHAT = "/api/chat";

    private final ServerConfig config;
    private final Surroundings surroundings;
    private final ModelServer server;
    private final ToolCallCheck check = new ToolCallCheck();

    public OllamaModel(ServerConfig config, Surroundings surroundings) {
        this.config = config;
        this.surroundings = surroundings;
        this.server = new ModelServer(config, surroundings);
    }

    @Override
    public ServerConfig config() {
        return config;
    }

    @Override
    public String binding() {
        return new ModelBinding.Ollama(config).text();
    }

    @Override
    public ModelResponse respond(ModelRequest request) throws ModelException {
        Instant start = surroundings.clock().instant();
        ToolNames names = ToolNames.of(request);
        JsonNode answer = server.post(CHAT, body(request, names), Optional.empty());
        JsonNode message = answer.path("message");
        if (!message.isObject()) {
            throw WireShape.malformed("no 'message' object", config);
        }
        String text = message.path("content").isTextual() ? message.path("content").asText() : "";
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : WireShape.array(message, "tool_calls", config)) {
            JsonNode function = call.path("function");
            if (!function.path("name").isTextual()) {
                throw WireShape.malformed("a tool call without 'function.name'", config);
            }
            ToolSpec spec = check.offered(function.path("name").asText(), request.tools(), names);
            calls.add(check.call(spec, function.path("arguments"), call.path("id").asText("")));
        }
        int in = WireShape.tokensIn(answer, "prompt_eval_count", request);
        int out = WireShape.tokensOut(answer, "eval_count", text, calls);
        long latency = Duration.between(start, surroundings.clock().instant()).toMillis();
        return new ModelResponse(text, calls, in, out, latency);
    }

    /** The {@code /api/chat} body for {@code request}. */
    ObjectNode body(ModelRequest request) {
        return body(request, ToolNames.of(request));
    }

    private ObjectNode body(ModelRequest request, ToolNames names) {
        ObjectNode body = CanonicalJson.MAPPER.createObjectNode();
        body.put("model", config.model());
        ArrayNode messages = body.putArray("messages");
        Deque<String> unanswered = new ArrayDeque<>();
        for (Message m : request.messages()) {
            ObjectNode out = messages.addObject();
            out.put("role", m.role());
            if (m.role().equals("assistant") && !m.toolCalls().isEmpty()) {
                if (!m.content().isEmpty()) {
                    out.put("content", m.content());
                }
                ArrayNode calls = out.putArray("tool_calls");
                unanswered.clear();
                for (int i = 0; i < m.toolCalls().size(); i++) {
                    ToolCall call = m.toolCalls().get(i);
                    ObjectNode function = calls.addObject().put("type", "function").putObject("function");
                    String name = names.wire(call.tool());
                    function.put("index", i).put("name", name).set("arguments", WireShape.json(call.args()));
                    unanswered.add(name);
                }
                continue;
            }
            out.put("content", m.content());
            if (m.role().equals("tool")) {
                // a tool message that names no tool answers the oldest unanswered call of the last assistant message
                String name = m.toolName().isEmpty() ? unanswered.poll() : names.wire(m.toolName());
                unanswered.remove(name);
                if (name != null) {
                    out.put("tool_name", name);
                }
            }
        }
        body.put("stream", false);
        if (!request.tools().isEmpty()) {
            body.set("tools", WireShape.functions(request.tools(), names));
        }
        JsonNode options = WireShape.json(config.options());
        if (!options.isEmpty()) {
            body.set("options", options);
        }
        return body;
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return binding();
    }
}
