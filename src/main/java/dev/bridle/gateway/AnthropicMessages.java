package dev.bridle.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.model.Message;
import dev.bridle.model.ToolCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Anthropic Messages ({@code POST /v1/messages}), as Claude Code and the Claude Agent SDK speak it: {@code system} and
 * {@code messages} of content blocks in, {@code content} blocks out ({@code text}, {@code tool_use}); streamed as
 * {@code message_start}, {@code content_block_*}, {@code message_delta}, {@code message_stop} events.
 */
public final class AnthropicMessages implements WireFormat {

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String path() {
        return "/v1/messages";
    }

    @Override
    public Turn read(ObjectNode request) {
        // Server tools (web search, web fetch, code execution) and the MCP connector run on the model server, out of
        // the harness's reach: refused. Client tools (custom, bash, text editor, computer) come back as tool_use
        // blocks, which the harness decides by name.
        if (request.has("mcp_servers")) {
            throw new GatewayException(400, "invalid_request_error",
                    "bridle gateway: 'mcp_servers' is refused: MCP tools would run on the model server, unjudged");
        }
        for (JsonNode tool : request.path("tools")) {
            String type = tool.path("type").asText("custom");
            if (type.startsWith("web_search") || type.startsWith("web_fetch") || type.startsWith("code_execution")
                    || type.startsWith("mcp")) {
                throw new GatewayException(400, "invalid_request_error", "bridle gateway: the server tool '" + type
                        + "' is refused: it would run on the model server, out of the harness's reach");
            }
        }
        JsonNode messages = request.path("messages");
        if (!messages.isArray()) {
            throw new GatewayException(400, "invalid_request_error", "messages: Field required (an array)");
        }
        List<Message> out = new ArrayList<>();
        if (request.has("system")) {
            out.add(Message.system(OpenAiChat.text(request.path("system"))));
        }
        int lastAssistant = -1;
        for (JsonNode m : messages) {
            if (!m.isObject() || !m.path("role").isTextual()) {
                throw new GatewayException(400, "invalid_request_error", "each message needs a 'role'");
            }
            String role = m.path("role").asText();
            JsonNode content = m.path("content");
            if (role.equals("assistant")) {
                lastAssistant = out.size();
                List<ToolCall> calls = new ArrayList<>();
                for (JsonNode b : blocks(content)) {
                    if (b.path("type").asText().equals("tool_use")) {
                        calls.add(new ToolCall(b.path("name").asText(""), Json.args(b.path("input")),
                                b.path("id").asText("")));
                    }
                }
                out.add(Message.assistant(OpenAiChat.text(content), calls));
            } else {
                boolean results = false;
                StringBuilder text = new StringBuilder();
                for (JsonNode b : blocks(content)) {
                    if (b.path("type").asText().equals("tool_result")) {
                        results = true;
                        text.append(text.isEmpty() ? "" : "\n").append(OpenAiChat.text(b.path("content")));
                    } else if (b.path("text").isTextual()) {
                        text.append(text.isEmpty() ? "" : "\n").append(b.path("text").asText());
                    }
                }
                out.add(new Message(results ? "tool" : role, content.isTextual() ? content.asText()
                        : text.toString()));
            }
        }
        List<Turn.ToolResult> results = new ArrayList<>();
        int offset = request.has("system") ? 1 : 0;
        for (int i = Math.max(lastAssistant + 1, offset); i < out.size(); i++) {
            for (JsonNode b : blocks(messages.path(i - offset).path("content"))) {
                if (b.path("type").asText().equals("tool_result")) {
                    results.add(new Turn.ToolResult(b.path("tool_use_id").asText(""), "",
                            OpenAiChat.text(b.path("content")), b.path("is_error").asBoolean(false)));
                }
            }
        }
        return new Turn(request.path("model").asText(""), out, request.path("stream").asBoolean(false),
                OpenAiChat.textual(request.path("metadata").path("user_id")), results);
    }

    private static Iterable<JsonNode> blocks(JsonNode content) {
        return content.isArray() ? content : List.of();
    }

    @Override
    public void elide(ObjectNode request, Set<Integer> indexes, String marker) {
        int offset = request.has("system") ? 1 : 0;
        ArrayNode messages = (ArrayNode) request.path("messages");
        for (int i : indexes) {
            int w = i - offset;
            if (w < 0 || w >= messages.size() || !(messages.get(w) instanceof ObjectNode m)) {
                continue;
            }
            if (m.path("content").isTextual()) {
                m.put("content", marker);
                continue;
            }
            // Blocks keep their kinds (a tool_use must still match its tool_result); only their text goes.
            for (JsonNode b : blocks(m.path("content"))) {
                if (b instanceof ObjectNode block) {
                    switch (block.path("type").asText()) {
                        case "text" -> block.put("text", marker);
                        case "tool_result" -> block.put("content", marker);
                        default -> { }
                    }
                }
            }
        }
    }

    @Override
    public void inject(ObjectNode request, String text) {
        ArrayNode messages = (ArrayNode) request.path("messages");
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        // The API wants turns to alternate: a nudge after the client's user turn joins that turn.
        if (last instanceof ObjectNode m && m.path("role").asText().equals("user")) {
            ArrayNode content;
            if (m.path("content").isArray()) {
                content = (ArrayNode) m.path("content");
            } else {
                String was = m.path("content").asText("");
                content = m.putArray("content");
                if (!was.isEmpty()) {
                    content.addObject().put("type", "text").put("text", was);
                }
            }
            content.addObject().put("type", "text").put("text", text);
        } else {
            messages.addObject().put("role", "user").put("content", text);
        }
    }

    @Override
    public Reply reply(JsonNode response) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode b : blocks(response.path("content"))) {
            switch (b.path("type").asText()) {
                case "text" -> text.append(b.path("text").asText(""));
                case "tool_use" -> calls.add(new ToolCall(b.path("name").asText(""), Json.args(b.path("input")),
                        b.path("id").asText("")));
                default -> { }
            }
        }
        return new Reply(text.toString(), calls, response.path("usage").path("input_tokens").asInt(0),
                response.path("usage").path("output_tokens").asInt(0));
    }

    @Override
    public ObjectNode without(ObjectNode response, Set<String> dropped, String notes) {
        if (response.path("content") instanceof ArrayNode content) {
            boolean left = false;
            for (Iterator<JsonNode> it = content.iterator(); it.hasNext();) {
                JsonNode b = it.next();
                if (b.path("type").asText().equals("tool_use")) {
                    if (dropped.contains(b.path("id").asText())) {
                        it.remove();
                    } else {
                        left = true;
                    }
                }
            }
            if (!notes.isEmpty()) {
                content.addObject().put("type", "text").put("text", notes);
            }
            if (!left && response.path("stop_reason").asText().equals("tool_use")) {
                response.put("stop_reason", "end_turn");
            }
        }
        return response;
    }

    @Override
    public ObjectNode message(String model, String text) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", "msg_bridle_" + UUID.randomUUID().toString().replace("-", "")).put("type", "message")
                .put("role", "assistant").put("model", model);
        out.putArray("content").addObject().put("type", "text").put("text", text);
        out.put("stop_reason", "end_turn").putNull("stop_sequence");
        out.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
        return out;
    }

    @Override
    public byte[] messageStream(String model, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ObjectNode start = Json.MAPPER.createObjectNode().put("type", "message_start");
        ObjectNode m = message(model, "");
        m.putArray("content");
        m.putNull("stop_reason");
        start.set("message", m);
        out.writeBytes(SseReader.write("message_start", Json.text(start)));
        writeText(out, 0, text);
        out.writeBytes(SseReader.write("message_delta", Json.text(messageDelta("end_turn"))));
        out.writeBytes(SseReader.write("message_stop", "{\"type\":\"message_stop\"}"));
        return out.toByteArray();
    }

    private static ObjectNode messageDelta(String stopReason) {
        ObjectNode d = Json.MAPPER.createObjectNode().put("type", "message_delta");
        d.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        d.putObject("usage").put("output_tokens", 0);
        return d;
    }

    private static void writeText(OutputStream out, int index, String text) {
        try {
            ObjectNode start = Json.MAPPER.createObjectNode().put("type", "content_block_start").put("index", index);
            start.putObject("content_block").put("type", "text").put("text", "");
            out.write(SseReader.write("content_block_start", Json.text(start)));
            ObjectNode delta = Json.MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
            delta.putObject("delta").put("type", "text_delta").put("text", text);
            out.write(SseReader.write("content_block_delta", Json.text(delta)));
            out.write(SseReader.write("content_block_stop", Json.text(Json.MAPPER.createObjectNode()
                    .put("type", "content_block_stop").put("index", index))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public ObjectNode error(String type, String message) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("type", "error");
        out.putObject("error").put("type", type).put("message", message);
        return out;
    }

    @Override
    public String[] keyHeader(String key) {
        return new String[] {"x-api-key", key};
    }

    /** A tool_use block held until the response's calls are complete. */
    private static final class Held {
        final String id;
        final String name;
        final StringBuilder json = new StringBuilder();

        Held(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    @Override
    public Reply relay(InputStream upstream, OutputStream client, Function<Reply, GatewaySession.Judgement> judge)
            throws IOException {
        SseReader in = new SseReader(upstream);
        StringBuilder text = new StringBuilder();
        // Upstream block index -> the index the client sees: held and dropped blocks leave no gap.
        Map<Integer, Integer> shown = new HashMap<>();
        Map<Integer, Held> held = new LinkedHashMap<>();
        int next = 0;
        int tokensIn = 0;
        int tokensOut = 0;
        Reply reply = null;
        SseReader.Event e;
        while ((e = in.next()) != null) {
            ObjectNode event = strictEvent(e, shown, held);
            String type = event.path("type").asText();
            int index = event.path("index").asInt(-1);
            switch (type) {
                case "message_start" -> tokensIn = event.path("message").path("usage").path("input_tokens")
                        .asInt(0);
                case "content_block_start" -> {
                    JsonNode block = event.path("content_block");
                    if (block.path("type").asText().equals("tool_use")) {
                        held.put(index, new Held(block.path("id").asText(""), block.path("name").asText("")));
                        JsonNode input = block.path("input");
                        if (input.isObject() && !input.isEmpty()) {
                            held.get(index).json.append(Json.text(input));
                        }
                        continue;
                    }
                    shown.put(index, next++);
                }
                case "content_block_delta" -> {
                    if (held.containsKey(index)) {
                        held.get(index).json.append(event.path("delta").path("partial_json").asText(""));
                        continue;
                    }
                    if (event.path("delta").path("text").isTextual()) {
                        text.append(event.path("delta").path("text").asText());
                    }
                }
                case "content_block_stop" -> {
                    if (held.containsKey(index)) {
                        continue;
                    }
                }
                case "message_delta" -> {
                    tokensOut = event.path("usage").path("output_tokens").asInt(tokensOut);
                    if (reply == null) {
                        reply = reply(held, text, tokensIn, tokensOut);
                        GatewaySession.Judgement j = judge.apply(reply);
                        if (j.error().isPresent()) {
                            client.write(SseReader.write("error",
                                    Json.text(error(j.error().get().type(), j.error().get().getMessage()))));
                            client.flush();
                            return reply;
                        }
                        next = release(client, held, j, next);
                        boolean kept = reply.calls().stream().anyMatch(c -> !j.dropped().containsKey(c.id()));
                        if (!kept && event.path("delta") instanceof ObjectNode d
                                && d.path("stop_reason").asText().equals("tool_use")) {
                            d.put("stop_reason", "end_turn");
                        }
                    }
                }
                default -> { }
            }
            if (index >= 0 && shown.containsKey(index)) {
                event.put("index", shown.get(index));
            }
            client.write(SseReader.write(e.name(), Json.text(event)));
            client.flush();
        }
        if (reply == null) {
            // The stream ended without message_delta: its calls are still decided, and never shown undecided.
            reply = reply(held, text, tokensIn, tokensOut);
            GatewaySession.Judgement j = judge.apply(reply);
            if (j.error().isEmpty()) {
                release(client, held, j, next);
            }
            client.flush();
        }
        return reply;
    }

    /** The event types of a Messages stream. */
    private static final Set<String> EVENTS = Set.of("message_start", "content_block_start", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop", "ping", "error");

    /**
     * An event as the Messages API defines it, or a {@link BrokenStream}: a JSON object whose {@code type} is one of
     * the API's events and the event's name; a {@code message_start} with no content yet (a tool use there would
     * reach the client unjudged); a block event at an index that a {@code content_block_start} opened, and a start at
     * one that none did.
     */
    private ObjectNode strictEvent(SseReader.Event e, Map<Integer, Integer> shown, Map<Integer, Held> held)
            throws BrokenStream {
        if (!(Json.parseOrNull(e.data()) instanceof ObjectNode event)) {
            throw BrokenStream.framing(name(), "data that is not a JSON object", e.data());
        }
        String type = event.path("type").asText("");
        if (!EVENTS.contains(type)) {
            throw BrokenStream.framing(name(), "an event of type '" + type + "'", e.data());
        }
        if (!e.name().equals(type)) {
            // The SDKs go by the event's name, the gateway by its type: both must say the same.
            throw BrokenStream.framing(name(), "an event named '" + e.name() + "' whose type is '" + type + "'",
                    e.data());
        }
        if (type.equals("message_start") && !event.path("message").path("content").isEmpty()) {
            throw BrokenStream.framing(name(), "a message_start that already has content", e.data());
        }
        if (type.startsWith("content_block_")) {
            if (!event.path("index").canConvertToInt() || event.path("index").asInt() < 0) {
                throw BrokenStream.framing(name(), "a block event without an index", e.data());
            }
            int index = event.path("index").asInt();
            boolean open = shown.containsKey(index) || held.containsKey(index);
            if (type.equals("content_block_start") == open) {
                throw BrokenStream.framing(name(), open ? "a block started twice" : "a block event before its start",
                        e.data());
            }
        }
        return event;
    }

    @Override
    public byte[] streamError(String message) {
        return SseReader.write("error", Json.text(error("api_error", message)));
    }

    private static Reply reply(Map<Integer, Held> held, StringBuilder text, int in, int out) {
        List<ToolCall> calls = new ArrayList<>();
        for (Held h : held.values()) {
            calls.add(new ToolCall(h.name, h.json.isEmpty() ? "{}" : h.json.toString(), h.id));
        }
        return new Reply(text.toString(), calls, in, out);
    }

    /** Writes the kept calls whole (one input delta each), then the notes or the replacing text; the next index. */
    private int release(OutputStream client, Map<Integer, Held> held, GatewaySession.Judgement j, int next)
            throws IOException {
        for (Held h : held.values()) {
            if (j.dropped().containsKey(h.id)) {
                continue;
            }
            int index = next++;
            ObjectNode start = Json.MAPPER.createObjectNode().put("type", "content_block_start").put("index", index);
            start.putObject("content_block").put("type", "tool_use").put("id", h.id).put("name", h.name)
                    .putObject("input");
            client.write(SseReader.write("content_block_start", Json.text(start)));
            ObjectNode delta = Json.MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
            delta.putObject("delta").put("type", "input_json_delta")
                    .put("partial_json", h.json.isEmpty() ? "{}" : h.json.toString());
            client.write(SseReader.write("content_block_delta", Json.text(delta)));
            client.write(SseReader.write("content_block_stop", Json.text(Json.MAPPER.createObjectNode()
                    .put("type", "content_block_stop").put("index", index))));
        }
        String extra = j.replace().orElse(j.notes());
        if (!extra.isEmpty()) {
            writeText(client, next++, extra);
        }
        return next;
    }
}
