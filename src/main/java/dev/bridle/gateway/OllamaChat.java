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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Ollama's chat API ({@code POST /api/chat}): {@code messages} in, one {@code message} out with its
 * {@code tool_calls} (arguments as an object); streamed by default, as newline-delimited JSON objects, the last with
 * {@code done: true}. Calls carry no id: the gateway names them {@code call_N} by position, and matches results to
 * calls by {@code tool_name}.
 */
public final class OllamaChat implements WireFormat {

    @Override
    public String name() {
        return "ollama";
    }

    @Override
    public String path() {
        return "/api/chat";
    }

    @Override
    public Turn read(ObjectNode request) {
        JsonNode messages = request.path("messages");
        if (!messages.isArray()) {
            throw new GatewayException(400, "invalid_request_error", "'messages' must be an array");
        }
        List<Message> out = new ArrayList<>();
        int lastAssistant = -1;
        for (JsonNode m : messages) {
            if (!m.isObject() || !m.path("role").isTextual()) {
                throw new GatewayException(400, "invalid_request_error", "each message needs a 'role'");
            }
            String role = m.path("role").asText();
            String text = m.path("content").asText("");
            if (role.equals("assistant")) {
                lastAssistant = out.size();
                out.add(Message.assistant(text, calls(m.path("tool_calls"))));
            } else if (role.equals("tool")) {
                out.add(new Message("tool", text, List.of(), m.path("tool_call_id").asText(""),
                        m.path("tool_name").asText(m.path("name").asText(""))));
            } else {
                out.add(new Message(role, text));
            }
        }
        List<Turn.ToolResult> results = new ArrayList<>();
        for (int i = lastAssistant + 1; i < out.size(); i++) {
            Message m = out.get(i);
            if (m.role().equals("tool")) {
                results.add(new Turn.ToolResult(m.toolCallId(), m.toolName(), m.content(), false));
            }
        }
        // Ollama streams unless told not to.
        return new Turn(request.path("model").asText(""), out, request.path("stream").asBoolean(true),
                java.util.Optional.empty(), results);
    }

    @Override
    public void elide(ObjectNode request, Set<Integer> indexes, String marker) {
        OpenAiChat.elideMessages(request, indexes, marker);
    }

    @Override
    public void inject(ObjectNode request, String text) {
        OpenAiChat.appendUserMessage(request, text);
    }

    @Override
    public Reply reply(JsonNode response) {
        JsonNode message = response.path("message");
        return new Reply(message.path("content").asText(""), calls(message.path("tool_calls")),
                response.path("prompt_eval_count").asInt(0), response.path("eval_count").asInt(0));
    }

    private static List<ToolCall> calls(JsonNode toolCalls) {
        List<ToolCall> out = new ArrayList<>();
        int i = 0;
        for (JsonNode tc : toolCalls) {
            JsonNode f = tc.path("function");
            String id = tc.path("id").asText("");
            out.add(new ToolCall(f.path("name").asText(""), Json.args(f.path("arguments")),
                    id.isEmpty() ? "call_" + i : id));
            i++;
        }
        return out;
    }

    @Override
    public ObjectNode without(ObjectNode response, Set<String> dropped, String notes) {
        if (response.path("message") instanceof ObjectNode message) {
            filter(message, dropped);
            if (!notes.isEmpty()) {
                String text = message.path("content").asText("");
                message.put("content", text.isEmpty() ? notes : text + "\n\n" + notes);
            }
        }
        return response;
    }

    /** Removes the dropped calls from a message; the ids are positions unless the calls carry their own. */
    private static void filter(ObjectNode message, Set<String> dropped) {
        if (!(message.path("tool_calls") instanceof ArrayNode calls)) {
            return;
        }
        ArrayNode kept = Json.MAPPER.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            String id = calls.get(i).path("id").asText("");
            if (!dropped.contains(id.isEmpty() ? "call_" + i : id)) {
                kept.add(calls.get(i));
            }
        }
        if (kept.isEmpty()) {
            message.remove("tool_calls");
        } else {
            message.set("tool_calls", kept);
        }
    }

    @Override
    public ObjectNode message(String model, String text) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("model", model).put("created_at", Instant.now().toString());
        out.putObject("message").put("role", "assistant").put("content", text);
        out.put("done", true).put("done_reason", "stop");
        return out;
    }

    @Override
    public byte[] messageStream(String model, String text) {
        ObjectNode first = message(model, text);
        first.put("done", false).remove("done_reason");
        ObjectNode last = message(model, "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(line(first));
        out.writeBytes(line(last));
        return out.toByteArray();
    }

    private static byte[] line(JsonNode node) {
        return (Json.text(node) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ObjectNode error(String type, String message) {
        return Json.MAPPER.createObjectNode().put("error", message);
    }

    @Override
    public String[] keyHeader(String key) {
        return new String[] {"Authorization", "Bearer " + key};
    }

    @Override
    public Reply relay(InputStream upstream, OutputStream client, Function<Reply, GatewaySession.Judgement> judge)
            throws IOException {
        SseReader in = new SseReader(upstream);
        StringBuilder text = new StringBuilder();
        List<JsonNode> heldCalls = new ArrayList<>();
        String model = "";
        int tokensIn = 0;
        int tokensOut = 0;
        Reply reply = null;
        String raw;
        while ((raw = in.line()) != null) {
            ObjectNode chunk = strictLine(raw);
            if (chunk.has("error")) {
                // The upstream's error written anew and alone: ollama-python reads "error": "" as no error and goes on
                // to the message beside it, whose tool calls would then reach the client unjudged.
                JsonNode error = chunk.get("error");
                String message = error.isValueNode() ? error.asText()
                        : error.path("message").isTextual() ? error.path("message").asText()
                        : "the upstream reported an error";
                client.write(line(error("api_error", message)));
                client.flush();
                continue;
            }
            model = chunk.path("model").asText(model);
            JsonNode message = chunk.path("message");
            text.append(message.path("content").asText(""));
            if (message instanceof ObjectNode m && m.path("tool_calls").isArray()) {
                m.path("tool_calls").forEach(heldCalls::add);
                m.remove("tool_calls");
                if (m.path("content").asText("").isEmpty() && !chunk.path("done").asBoolean(false)) {
                    continue;
                }
            }
            if (chunk.path("done").asBoolean(false) && reply == null) {
                tokensIn = chunk.path("prompt_eval_count").asInt(0);
                tokensOut = chunk.path("eval_count").asInt(0);
                reply = new Reply(text.toString(), calls(toArray(heldCalls)), tokensIn, tokensOut);
                GatewaySession.Judgement j = judge.apply(reply);
                if (j.error().isPresent()) {
                    client.write(line(error(j.error().get().type(), j.error().get().getMessage())));
                    client.flush();
                    return reply;
                }
                release(client, chunk, heldCalls, j);
            }
            client.write((Json.text(chunk) + "\n").getBytes(StandardCharsets.UTF_8));
            client.flush();
        }
        return reply == null ? new Reply(text.toString(), calls(toArray(heldCalls)), tokensIn, tokensOut) : reply;
    }

    /**
     * A line as Ollama's chat stream defines it, or a {@link BrokenStream}: a JSON object with an {@code error}, or
     * with a {@code message} object (whose {@code tool_calls}, if any, are an array) or {@code done}.
     */
    private ObjectNode strictLine(String raw) throws BrokenStream {
        if (!(Json.parseOrNull(raw) instanceof ObjectNode chunk)) {
            throw BrokenStream.framing(name(), "a line that is not a JSON object", raw);
        }
        if (chunk.path("error").isNull()) {
            // "error": null is no error to ollama-python: the line is checked, and relayed, as any other.
            chunk.remove("error");
        }
        if (chunk.has("error")) {
            return chunk;
        }
        JsonNode message = chunk.path("message");
        if (!message.isObject() && !chunk.has("done")) {
            throw BrokenStream.framing(name(), "a line with neither 'message' nor 'done'", raw);
        }
        if (!message.isMissingNode() && !message.isObject()) {
            throw BrokenStream.framing(name(), "a 'message' that is not an object", raw);
        }
        JsonNode calls = message.path("tool_calls");
        if (message.has("tool_calls") && !calls.isNull() && !calls.isArray()) {
            throw BrokenStream.framing(name(), "'tool_calls' that is not an array", raw);
        }
        return chunk;
    }

    @Override
    public byte[] streamError(String message) {
        return line(error("api_error", message));
    }

    private static ArrayNode toArray(List<JsonNode> calls) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        calls.forEach(a::add);
        return a;
    }

    /** Before the last line: one line with the kept calls, one with the notes or the replacing text. */
    private static void release(OutputStream client, ObjectNode done, List<JsonNode> heldCalls,
            GatewaySession.Judgement j) throws IOException {
        ObjectNode m = Json.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
        m.set("tool_calls", toArray(heldCalls));
        filter(m, j.dropped().keySet());
        if (m.has("tool_calls")) {
            client.write(line(partial(done, m)));
        }
        String extra = j.replace().orElse(j.notes());
        if (!extra.isEmpty()) {
            client.write(line(partial(done, Json.MAPPER.createObjectNode().put("role", "assistant")
                    .put("content", extra))));
        }
    }

    private static ObjectNode partial(ObjectNode done, ObjectNode message) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("model", done.path("model").asText("")).put("created_at", done.path("created_at").asText(""));
        out.set("message", message);
        out.put("done", false);
        return out;
    }
}
