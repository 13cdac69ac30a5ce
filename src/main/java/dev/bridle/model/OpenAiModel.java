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
 * A model served by an OpenAI-compatible server (llama.cpp server, LM Studio, vLLM), called through
 * {@code POST {base}/chat/completions} without streaming.
 *
 * <p>Tool arguments arrive as a JSON string, which is parsed and checked. The API key is read, at each call, from the
 * environment variable the configuration names, and is sent only as {@code Authorization: Bearer}; it is blanked out of
 * any server text quoted in a failure.
 */
public final class OpenAiModel implements RemoteModel {

    static final String CHAT = "/chat/completions";

    private final ServerConfig config;
    private final Surroundings surroundings;
    private final ModelServer server;
    private final ToolCallCheck check = new ToolCallCheck();

    public OpenAiModel(ServerConfig config, Surroundings surroundings) {
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
        return new ModelBinding.OpenAi(config).text();
    }

    @Override
    public ModelResponse respond(ModelRequest request) throws ModelException {
        Instant start = surroundings.clock().instant();
        Optional<String> key = surroundings.variables().apply(config.apiKeyVariable()).filter(k -> !k.isBlank());
        ToolNames names = ToolNames.of(request);
        JsonNode answer = server.post(CHAT, body(request, names), key);
        JsonNode message = answer.path("choices").path(0).path("message");
        if (!message.isObject()) {
            throw WireShape.malformed("no 'choices[0].message' object", config);
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
        JsonNode usage = answer.path("usage");
        int in = WireShape.tokensIn(usage, "prompt_tokens", request);
        int out = WireShape.tokensOut(usage, "completion_tokens", text, calls);
        long latency = Duration.between(start, surroundings.clock().instant()).toMillis();
        return new ModelResponse(text, calls, in, out, latency);
    }

    /** The {@code /chat/completions} body for {@code request}. */
    ObjectNode body(ModelRequest request) {
        return body(request, ToolNames.of(request));
    }

    private ObjectNode body(ModelRequest request, ToolNames names) {
        // options first, so that none of them can replace the model, the messages or the tools
        ObjectNode body = (ObjectNode) WireShape.json(config.options());
        body.put("model", config.model());
        ArrayNode messages = body.putArray("messages");
        Deque<String> unanswered = new ArrayDeque<>();
        int madeUp = 0;
        for (Message m : request.messages()) {
            ObjectNode out = messages.addObject();
            out.put("role", m.role());
            if (m.role().equals("assistant") && !m.toolCalls().isEmpty()) {
                if (m.content().isEmpty()) {
                    out.putNull("content");
                } else {
                    out.put("content", m.content());
                }
                ArrayNode calls = out.putArray("tool_calls");
                unanswered.clear();
                for (ToolCall call : m.toolCalls()) {
                    // the API ties each result to its call by id; calls from a model that gave none get one here
                    String id = call.id().isEmpty() ? "call_" + ++madeUp : call.id();
                    ObjectNode written = calls.addObject().put("id", id).put("type", "function");
                    written.putObject("function").put("name", names.wire(call.tool())).put("arguments", call.args());
                    unanswered.add(id);
                }
                continue;
            }
            out.put("content", m.content());
            if (m.role().equals("tool")) {
                String id = m.toolCallId().isEmpty() ? unanswered.poll() : m.toolCallId();
                unanswered.remove(id);
                if (id != null) {
                    out.put("tool_call_id", id);
                }
            }
        }
        if (!request.tools().isEmpty()) {
            body.set("tools", WireShape.functions(request.tools(), names));
            body.put("tool_choice", "auto");
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
