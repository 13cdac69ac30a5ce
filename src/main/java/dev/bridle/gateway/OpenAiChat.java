package dev.bridle.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.model.Message;
import dev.bridle.model.ToolCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}): {@code messages} in, {@code choices[].message} out,
 * with {@code tool_calls}; streamed as {@code chat.completion.chunk} server-sent events ending with {@code [DONE]},
 * tool calls arriving as {@code delta.tool_calls} pieces by index.
 */
public final class OpenAiChat implements WireFormat {

    @Override
    public String name() {
        return "openai-chat";
    }

    @Override
    public String path() {
        return "/v1/chat/completions";
    }

    @Override
    public Turn read(ObjectNode request) {
        // The harness judges one answer: other choices, or calls in the legacy 'functions' shape, would reach the
        // client unjudged.
        if (request.path("n").asInt(1) != 1) {
            throw new GatewayException(400, "invalid_request_error",
                    "bridle gateway: 'n' other than 1 is refused (the harness judges one choice per request)");
        }
        if (request.has("functions") || request.has("function_call")) {
            throw new GatewayException(400, "invalid_request_error",
                    "bridle gateway: the legacy 'functions' field is refused; send 'tools'");
        }
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
            String text = text(m.path("content"));
            if (role.equals("assistant")) {
                lastAssistant = out.size();
                out.add(Message.assistant(text, calls(m.path("tool_calls"))));
            } else if (role.equals("tool")) {
                out.add(new Message("tool", text, List.of(), m.path("tool_call_id").asText(""), ""));
            } else {
                // developer messages are system messages to the harness: both set the agent's task.
                out.add(new Message(role.equals("developer") ? "system" : role, text));
            }
        }
        List<Turn.ToolResult> results = new ArrayList<>();
        for (int i = lastAssistant + 1; i < out.size(); i++) {
            Message m = out.get(i);
            if (m.role().equals("tool")) {
                results.add(new Turn.ToolResult(m.toolCallId(), "", m.content(), false));
            }
        }
        Optional<String> hint = textual(request.path("metadata").path("session_id"))
                .or(() -> textual(request.path("user")));
        return new Turn(request.path("model").asText(""), out, request.path("stream").asBoolean(false), hint,
                results);
    }

    @Override
    public void elide(ObjectNode request, Set<Integer> indexes, String marker) {
        elideMessages(request, indexes, marker);
    }

    @Override
    public void inject(ObjectNode request, String text) {
        appendUserMessage(request, text);
    }

    /** Replaces the content of {@code messages[i]} by {@code marker}: the shape Chat Completions and Ollama share. */
    static void elideMessages(ObjectNode request, Set<Integer> indexes, String marker) {
        ArrayNode messages = (ArrayNode) request.path("messages");
        for (int i : indexes) {
            if (i < messages.size() && messages.get(i) instanceof ObjectNode m) {
                m.put("content", marker);
            }
        }
    }

    /** Appends a user message to {@code messages}: the shape Chat Completions and Ollama share. */
    static void appendUserMessage(ObjectNode request, String text) {
        ((ArrayNode) request.path("messages")).addObject().put("role", "user").put("content", text);
    }

    @Override
    public Reply reply(JsonNode response) {
        JsonNode message = strictAnswer(response);
        return new Reply(text(message.path("content")), calls(message.path("tool_calls")),
                response.path("usage").path("prompt_tokens").asInt(0),
                response.path("usage").path("completion_tokens").asInt(0));
    }

    /**
     * The one message of a whole answer, held to the stream's strictness, or a 502 naming rule
     * {@value BrokenStream#FRAMING_RULE}: exactly one choice, index 0 (the request asked for one), whose
     * {@code message} carries tool calls only as an array of objects and never in the legacy {@code function_call}
     * shape. The harness judges that one message, and the answer goes on as sent: anything beside it would reach the
     * client unjudged.
     */
    private JsonNode strictAnswer(JsonNode response) {
        String data = Json.text(response);
        JsonNode choices = response.path("choices");
        if (!choices.isArray() || choices.size() != 1 || choices.get(0).path("index").asInt(0) != 0) {
            throw brokenAnswer("not exactly the one choice asked for", data);
        }
        JsonNode message = choices.get(0).path("message");
        if (!message.isObject()) {
            throw brokenAnswer("a choice whose 'message' is not an object", data);
        }
        // A null function_call carries no call (some servers send one); any other is a call the harness never sees.
        if (message.hasNonNull("function_call")) {
            throw brokenAnswer("a call in a shape the harness does not judge", data);
        }
        JsonNode calls = message.path("tool_calls");
        if (message.has("tool_calls") && !calls.isNull() && !calls.isArray()) {
            throw brokenAnswer("'tool_calls' that is not an array", data);
        }
        for (JsonNode tc : calls) {
            if (!tc.isObject()) {
                throw brokenAnswer("a tool call that is not an object", data);
            }
        }
        return message;
    }

    /** A whole answer that broke the framing rule: a 502, its message the same as a broken stream's. */
    private GatewayException brokenAnswer(String what, String data) {
        String reason = BrokenStream.framing(name(), what, data).getMessage().replaceFirst(" stream broke ",
                " answer broke ");
        return new GatewayException(502, "api_error", "bridle gateway: " + reason);
    }

    @Override
    public ObjectNode without(ObjectNode response, Set<String> dropped, String notes) {
        for (JsonNode choice : response.path("choices")) {
            if (!(choice.path("message") instanceof ObjectNode message)) {
                continue;
            }
            if (message.path("tool_calls") instanceof ArrayNode calls) {
                for (Iterator<JsonNode> it = calls.iterator(); it.hasNext();) {
                    if (dropped.contains(it.next().path("id").asText())) {
                        it.remove();
                    }
                }
                if (calls.isEmpty()) {
                    message.remove("tool_calls");
                    ((ObjectNode) choice).put("finish_reason", "stop");
                }
            }
            if (!notes.isEmpty()) {
                String text = text(message.path("content"));
                message.put("content", text.isEmpty() ? notes : text + "\n\n" + notes);
            }
        }
        return response;
    }

    @Override
    public ObjectNode message(String model, String text) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", "chatcmpl-bridle-" + UUID.randomUUID()).put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        out.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
        return out;
    }

    @Override
    public byte[] messageStream(String model, String text) {
        String id = "chatcmpl-bridle-" + UUID.randomUUID();
        ObjectNode first = chunk(id, model, System.currentTimeMillis() / 1000);
        delta(first).put("role", "assistant").put("content", text);
        ObjectNode last = chunk(id, model, System.currentTimeMillis() / 1000);
        delta(last);
        ((ObjectNode) last.path("choices").path(0)).put("finish_reason", "stop");
        StringBuilder out = new StringBuilder();
        out.append(new String(SseReader.write("", Json.text(first)), StandardCharsets.UTF_8));
        out.append(new String(SseReader.write("", Json.text(last)), StandardCharsets.UTF_8));
        out.append("data: [DONE]\n\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ObjectNode error(String type, String message) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putObject("error").put("message", message).put("type", type).putNull("param").putNull("code");
        return out;
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
        // Tool call pieces by index, held until the choice finishes: then the calls are complete and decided.
        Map<Integer, String[]> pieces = new TreeMap<>();
        int tokensIn = 0;
        int tokensOut = 0;
        Reply reply = null;
        SseReader.Event e;
        while ((e = in.next()) != null) {
            if (!e.name().isEmpty()) {
                // Chat Completions streams name no events; a named one is read differently by different parsers.
                throw BrokenStream.framing(name(), "an event named '" + e.name() + "'", e.data());
            }
            if (e.data().equals("[DONE]")) {
                if (reply == null) {
                    // A stream that ends without a finish reason still has its calls decided before the end.
                    reply = finish(null, pieces, text, tokensIn, tokensOut, judge, client);
                }
                client.write(SseReader.write(e.name(), e.data()));
                client.flush();
                continue;
            }
            ObjectNode c = strictChunk(e.data());
            if (c.has("error")) {
                // The upstream's error, as its SDK expects it: written anew and alone, since anything beside it in the
                // chunk (choices, tool calls) would reach a client that reads past the error unjudged.
                client.write(SseReader.write("", Json.text(upstreamError(c.get("error")))));
                client.flush();
                continue;
            }
            if (c.path("usage").isObject()) {
                tokensIn = c.path("usage").path("prompt_tokens").asInt(tokensIn);
                tokensOut = c.path("usage").path("completion_tokens").asInt(tokensOut);
            }
            JsonNode choice = c.path("choices").path(0);
            boolean forward = true;
            if (choice.path("delta") instanceof ObjectNode delta) {
                if (delta.path("content").isTextual()) {
                    text.append(delta.path("content").asText());
                }
                if (delta.path("tool_calls").isArray()) {
                    for (JsonNode tc : delta.path("tool_calls")) {
                        String[] p = pieces.computeIfAbsent(tc.path("index").asInt(pieces.size()),
                                k -> new String[] {"", "", ""});
                        p[0] = tc.path("id").isTextual() ? tc.path("id").asText() : p[0];
                        JsonNode f = tc.path("function");
                        p[1] = f.path("name").isTextual() ? p[1] + f.path("name").asText() : p[1];
                        p[2] = f.path("arguments").isTextual() ? p[2] + f.path("arguments").asText() : p[2];
                    }
                    delta.remove("tool_calls");
                    // A chunk that carried only call pieces is held back whole; one with text goes on without them.
                    forward = delta.path("content").isTextual() && !delta.path("content").asText().isEmpty()
                            || delta.has("role");
                }
            }
            if (choice.hasNonNull("finish_reason") && reply == null) {
                reply = finish(c, pieces, text, tokensIn, tokensOut, judge, client);
                continue;
            }
            if (forward) {
                client.write(SseReader.write(e.name(), Json.text(c)));
                client.flush();
            }
        }
        return reply == null ? new Reply(text.toString(), List.of(), tokensIn, tokensOut) : reply;
    }

    /**
     * A chunk as Chat Completions defines it, or a {@link BrokenStream}: a JSON object with a non-null {@code error},
     * or with {@code choices} of at most one choice, index 0 (the request asked for one), whose {@code delta} carries
     * tool calls only as an array of objects and never in the legacy {@code function_call} shape the harness does not
     * judge.
     */
    private ObjectNode strictChunk(String data) throws BrokenStream {
        if (!(Json.parseOrNull(data) instanceof ObjectNode c)) {
            throw BrokenStream.framing(name(), "data that is neither JSON nor [DONE]", data);
        }
        if (c.path("error").isNull()) {
            // The SDKs read "error": null as no error: the chunk is checked, and relayed, as any other.
            c.remove("error");
        }
        if (c.hasNonNull("error")) {
            return c;
        }
        JsonNode choices = c.path("choices");
        if (!choices.isArray()) {
            throw BrokenStream.framing(name(), "a chunk without 'choices'", data);
        }
        if (choices.size() > 1 || choices.size() == 1 && choices.get(0).path("index").asInt(0) != 0) {
            throw BrokenStream.framing(name(), "a choice other than the one asked for", data);
        }
        JsonNode delta = choices.path(0).path("delta");
        if (choices.size() == 1 && !delta.isMissingNode() && !delta.isObject()) {
            throw BrokenStream.framing(name(), "a delta that is not an object", data);
        }
        if (delta.has("function_call") || choices.path(0).has("message")) {
            throw BrokenStream.framing(name(), "a call in a shape the harness does not judge", data);
        }
        JsonNode calls = delta.path("tool_calls");
        if (delta.has("tool_calls") && !calls.isNull() && !calls.isArray()) {
            throw BrokenStream.framing(name(), "'tool_calls' that is not an array", data);
        }
        for (JsonNode tc : calls) {
            if (!tc.isObject()) {
                throw BrokenStream.framing(name(), "a tool call that is not an object", data);
            }
        }
        return c;
    }

    /**
     * An upstream's error as a chunk of its own: its message, type and code as the SDKs read them, nothing else. A
     * string (or other scalar) error is its message.
     */
    private ObjectNode upstreamError(JsonNode error) {
        String message = error.isObject() ? error.path("message").asText("")
                : error.isValueNode() ? error.asText() : "the upstream reported an error";
        String type = error.path("type").isTextual() ? error.path("type").asText() : "api_error";
        ObjectNode out = error(type, message);
        JsonNode code = error.path("code");
        if (code.isTextual() || code.isNumber()) {
            ((ObjectNode) out.path("error")).set("code", code);
        }
        return out;
    }

    @Override
    public byte[] streamError(String message) {
        return SseReader.write("", Json.text(error("api_error", message)));
    }

    /** The calls are complete: the harness decides, then the kept calls, the notes and the finish are written. */
    private Reply finish(ObjectNode finishChunk, Map<Integer, String[]> pieces, StringBuilder text, int tokensIn,
            int tokensOut, Function<Reply, GatewaySession.Judgement> judge, OutputStream client) throws IOException {
        List<ToolCall> calls = new ArrayList<>();
        for (String[] p : pieces.values()) {
            calls.add(new ToolCall(p[1], p[2].isBlank() ? "{}" : p[2], p[0]));
        }
        Reply reply = new Reply(text.toString(), calls, tokensIn, tokensOut);
        GatewaySession.Judgement j = judge.apply(reply);
        ObjectNode template = finishChunk != null ? finishChunk : chunk("chatcmpl-bridle", "", 0);
        if (j.error().isPresent()) {
            ObjectNode err = error(j.error().get().type(), j.error().get().getMessage());
            client.write(SseReader.write("", Json.text(err)));
            client.flush();
            return reply;
        }
        int index = 0;
        for (ToolCall call : calls) {
            if (j.dropped().containsKey(call.id())) {
                continue;
            }
            ObjectNode c = copy(template);
            ObjectNode tc = delta(c).putArray("tool_calls").addObject();
            tc.put("index", index++).put("id", call.id()).put("type", "function");
            tc.putObject("function").put("name", call.tool()).put("arguments", call.args());
            client.write(SseReader.write("", Json.text(c)));
        }
        String extra = j.replace().orElse(j.notes());
        if (!extra.isEmpty()) {
            ObjectNode c = copy(template);
            delta(c).put("content", text.isEmpty() ? extra : "\n\n" + extra);
            client.write(SseReader.write("", Json.text(c)));
        }
        if (finishChunk != null) {
            ObjectNode choice = (ObjectNode) finishChunk.path("choices").path(0);
            if (index == 0 && "tool_calls".equals(choice.path("finish_reason").asText())) {
                choice.put("finish_reason", "stop");
            }
            client.write(SseReader.write("", Json.text(finishChunk)));
        }
        client.flush();
        return reply;
    }

    private static ObjectNode chunk(String id, String model, long created) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("finish_reason");
        return c;
    }

    /** A chunk like {@code template} (same id, model, created), with an empty delta and no finish reason. */
    private static ObjectNode copy(ObjectNode template) {
        ObjectNode c = template.deepCopy();
        c.remove("usage");
        ObjectNode choice = (ObjectNode) c.path("choices").path(0);
        choice.putObject("delta");
        choice.putNull("finish_reason");
        choice.remove("logprobs");
        return c;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.path("choices").path(0).path("delta");
    }

    private static List<ToolCall> calls(JsonNode toolCalls) {
        List<ToolCall> out = new ArrayList<>();
        for (JsonNode tc : toolCalls) {
            JsonNode f = tc.path("function");
            out.add(new ToolCall(f.path("name").asText(""), Json.args(f.path("arguments")), tc.path("id").asText("")));
        }
        return out;
    }

    /** A message's text: a string, or the text parts of an array of parts. */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder out = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("text").isTextual()) {
                    out.append(out.isEmpty() ? "" : "\n").append(part.path("text").asText());
                }
            }
            return out.toString();
        }
        return "";
    }

    static Optional<String> textual(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
