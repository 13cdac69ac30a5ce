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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}), which the OpenAI Agents SDK uses by default:
 * {@code instructions} and {@code input} items in ({@code message}, {@code function_call},
 * {@code function_call_output}), {@code output} items out; streamed as {@code response.*} events, each with a
 * {@code sequence_number}. A call is named by its {@code call_id}, which its output quotes.
 */
public final class OpenAiResponses implements WireFormat {

    @Override
    public String name() {
        return "openai-responses";
    }

    @Override
    public String path() {
        return "/v1/responses";
    }

    @Override
    public Turn read(ObjectNode request) {
        // Built-in tools (local_shell, custom, computer use, MCP, code interpreter, …) are either run by the model
        // server, out of the harness's reach, or come back as items the harness does not judge: only function tools
        // pass.
        for (JsonNode tool : request.path("tools")) {
            String type = tool.path("type").asText("");
            if (!type.equals("function")) {
                throw new GatewayException(400, "invalid_request_error", "bridle gateway: the tool type '" + type
                        + "' is refused: the harness decides function tools only");
            }
        }
        JsonNode input = request.path("input");
        List<Message> out = new ArrayList<>();
        if (request.path("instructions").isTextual()) {
            out.add(Message.system(request.path("instructions").asText()));
        }
        int lastAssistant = -1;
        List<Turn.ToolResult> results = new ArrayList<>();
        if (input.isTextual()) {
            out.add(Message.user(input.asText()));
        } else if (input.isArray()) {
            for (JsonNode item : input) {
                String type = item.path("type").asText(item.has("role") ? "message" : "");
                switch (type) {
                    case "message" -> {
                        String role = item.path("role").asText("user");
                        String text = OpenAiChat.text(item.path("content"));
                        if (role.equals("assistant")) {
                            lastAssistant = out.size();
                            results.clear();
                        }
                        out.add(new Message(role.equals("developer") ? "system" : role, text));
                    }
                    case "function_call" -> {
                        lastAssistant = out.size();
                        results.clear();
                        out.add(Message.assistant("", List.of(new ToolCall(item.path("name").asText(""),
                                Json.args(item.path("arguments")), item.path("call_id").asText("")))));
                    }
                    case "function_call_output" -> {
                        String output = item.path("output").isTextual() ? item.path("output").asText()
                                : OpenAiChat.text(item.path("output"));
                        String callId = item.path("call_id").asText("");
                        out.add(new Message("tool", output, List.of(), callId, ""));
                        results.add(new Turn.ToolResult(callId, "", output, false));
                    }
                    default -> out.add(new Message("user", ""));
                }
            }
        } else if (!input.isMissingNode()) {
            throw new GatewayException(400, "invalid_request_error", "'input' must be a string or an array of items");
        }
        if (lastAssistant < 0 && !request.path("previous_response_id").isTextual()) {
            // No earlier answer in sight: outputs with no call before them are not results of ours.
            results.removeIf(r -> true);
        }
        Optional<String> hint = OpenAiChat.textual(request.path("metadata").path("session_id"))
                .or(() -> OpenAiChat.textual(request.path("user")));
        return new Turn(request.path("model").asText(""), out, request.path("stream").asBoolean(false), hint,
                results);
    }

    @Override
    public void elide(ObjectNode request, Set<Integer> indexes, String marker) {
        int offset = request.path("instructions").isTextual() ? 1 : 0;
        JsonNode input = request.path("input");
        for (int i : indexes) {
            int w = i - offset;
            if (input.isTextual() && w == 0) {
                request.put("input", marker);
            } else if (input.isArray() && w >= 0 && w < input.size() && input.get(w) instanceof ObjectNode item) {
                if (item.has("output")) {
                    item.put("output", marker);
                } else if (item.has("content")) {
                    item.put("content", marker);
                }
            }
        }
    }

    @Override
    public void inject(ObjectNode request, String text) {
        JsonNode input = request.path("input");
        ArrayNode items;
        if (input.isArray()) {
            items = (ArrayNode) input;
        } else {
            items = Json.MAPPER.createArrayNode();
            if (input.isTextual()) {
                items.addObject().put("role", "user").put("content", input.asText());
            }
            request.set("input", items);
        }
        items.addObject().put("role", "user").put("content", text);
    }

    @Override
    public Reply reply(JsonNode response) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        JsonNode output = response.path("output");
        if (!output.isMissingNode() && !output.isNull() && !output.isArray()) {
            // Iterating an object would judge its values, but 'without' could not take a refused call out of it.
            throw wholeRefused("an 'output' that is not an array", Json.text(output));
        }
        for (JsonNode item : output) {
            String itemType = item.path("type").asText("");
            if (!ITEMS.contains(itemType)) {
                // The stream refuses these too: an item the gateway does not judge (a shell, custom or MCP call, …)
                // would reach the client as it is.
                throw wholeRefused("an output item of type '" + itemType + "'", Json.text(item));
            }
            switch (itemType) {
                case "message" -> {
                    for (JsonNode part : item.path("content")) {
                        text.append(part.path("text").asText(""));
                    }
                }
                case "function_call" -> calls.add(call(item));
                default -> { }
            }
        }
        return new Reply(text.toString(), calls, response.path("usage").path("input_tokens").asInt(0),
                response.path("usage").path("output_tokens").asInt(0));
    }

    /** A whole answer the door cannot pass on: a 502 naming the framing rule, {@code what} it held quoted short. */
    private GatewayException wholeRefused(String what, String data) {
        String shown = data.length() > 120 ? data.substring(0, 120) + "…" : data;
        return new GatewayException(502, "api_error", "bridle gateway: the upstream's " + name() + " answer broke rule "
                + BrokenStream.FRAMING_RULE + ": " + what + " (" + shown + ")");
    }

    private static ToolCall call(JsonNode item) {
        return new ToolCall(item.path("name").asText(""), Json.args(item.path("arguments")),
                item.path("call_id").asText(item.path("id").asText("")));
    }

    @Override
    public ObjectNode without(ObjectNode response, Set<String> dropped, String notes) {
        if (response.path("output") instanceof ArrayNode output) {
            for (Iterator<JsonNode> it = output.iterator(); it.hasNext();) {
                JsonNode item = it.next();
                if (item.path("type").asText().equals("function_call") && dropped.contains(call(item).id())) {
                    it.remove();
                }
            }
            if (!notes.isEmpty()) {
                output.add(messageItem(notes));
            }
        }
        return response;
    }

    private static ObjectNode messageItem(String text) {
        ObjectNode item = Json.MAPPER.createObjectNode().put("type", "message")
                .put("id", "msg_bridle_" + UUID.randomUUID().toString().replace("-", ""))
                .put("status", "completed").put("role", "assistant");
        item.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
        return item;
    }

    @Override
    public ObjectNode message(String model, String text) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", "resp_bridle_" + UUID.randomUUID().toString().replace("-", "")).put("object", "response")
                .put("created_at", System.currentTimeMillis() / 1000).put("status", "completed").putNull("error")
                .putNull("incomplete_details").putNull("instructions").put("model", model)
                .put("parallel_tool_calls", true).put("tool_choice", "auto");
        o.putObject("metadata");
        o.putArray("tools");
        o.putArray("output").add(messageItem(text));
        ObjectNode usage = o.putObject("usage");
        usage.put("input_tokens", 0).put("output_tokens", 0).put("total_tokens", 0);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        return o;
    }

    @Override
    public byte[] messageStream(String model, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ObjectNode full = message(model, text);
        ObjectNode created = full.deepCopy().put("status", "in_progress");
        created.putArray("output");
        int[] seq = {0};
        out.writeBytes(event("response.created", seq, Json.MAPPER.createObjectNode().set("response", created)));
        writeMessage(out, seq, 0, (ObjectNode) full.path("output").path(0));
        out.writeBytes(event("response.completed", seq, Json.MAPPER.createObjectNode().set("response", full)));
        return out.toByteArray();
    }

    private static byte[] event(String type, int[] seq, ObjectNode body) {
        ObjectNode e = Json.MAPPER.createObjectNode().put("type", type).put("sequence_number", seq[0]++);
        e.setAll(body);
        return SseReader.write(type, Json.text(e));
    }

    /** A whole message item as the events that stream it. */
    private static void writeMessage(OutputStream out, int[] seq, int index, ObjectNode item) {
        try {
            String id = item.path("id").asText();
            String text = item.path("content").path(0).path("text").asText("");
            ObjectNode added = item.deepCopy().put("status", "in_progress");
            added.putArray("content");
            out.write(event("response.output_item.added", seq, Json.MAPPER.createObjectNode()
                    .put("output_index", index).set("item", added)));
            ObjectNode part = Json.MAPPER.createObjectNode().put("type", "output_text").put("text", "");
            part.putArray("annotations");
            out.write(event("response.content_part.added", seq, Json.MAPPER.createObjectNode().put("item_id", id)
                    .put("output_index", index).put("content_index", 0).set("part", part)));
            out.write(event("response.output_text.delta", seq, Json.MAPPER.createObjectNode().put("item_id", id)
                    .put("output_index", index).put("content_index", 0).put("delta", text)));
            out.write(event("response.output_text.done", seq, Json.MAPPER.createObjectNode().put("item_id", id)
                    .put("output_index", index).put("content_index", 0).put("text", text)));
            out.write(event("response.content_part.done", seq, Json.MAPPER.createObjectNode().put("item_id", id)
                    .put("output_index", index).put("content_index", 0)
                    .set("part", item.path("content").path(0).deepCopy())));
            out.write(event("response.output_item.done", seq, Json.MAPPER.createObjectNode()
                    .put("output_index", index).set("item", item)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public ObjectNode error(String type, String message) {
        return new OpenAiChat().error(type, message);
    }

    @Override
    public String[] keyHeader(String key) {
        return new String[] {"Authorization", "Bearer " + key};
    }

    @Override
    public Reply relay(InputStream upstream, OutputStream client, Function<Reply, GatewaySession.Judgement> judge)
            throws IOException {
        int[] seq = {0};
        try {
            return relay(upstream, client, judge, seq);
        } catch (BrokenStream broken) {
            // Told here, in the stream's own sequence: the SDKs read sequence_number as the event's order.
            client.write(event("error", seq, errorBody("bridle gateway: " + broken.getMessage())));
            client.flush();
            throw broken.asTold();
        }
    }

    private Reply relay(InputStream upstream, OutputStream client, Function<Reply, GatewaySession.Judgement> judge,
            int[] seq) throws IOException {
        SseReader in = new SseReader(upstream);
        StringBuilder text = new StringBuilder();
        // Function calls by upstream output index, held from output_item.added to the response's end.
        Map<Integer, ObjectNode> held = new LinkedHashMap<>();
        Map<Integer, Integer> shown = new HashMap<>();
        int next = 0;
        Reply reply = null;
        SseReader.Event e;
        while ((e = in.next()) != null) {
            if (e.data().equals("[DONE]") && e.name().isEmpty()) {
                // Not the Responses API's, but OpenAI-compatible servers end with it, and every SDK reads it as an end.
                client.write(SseReader.write("", e.data()));
                client.flush();
                continue;
            }
            if (reply != null) {
                throw BrokenStream.framing(name(), "an event after the response's end", e.data());
            }
            ObjectNode event = strictEvent(e, held.keySet());
            String type = event.path("type").asText();
            int index = event.path("output_index").asInt(-1);
            if (type.equals("response.output_item.added") && event.path("item").path("type").asText()
                    .equals("function_call")) {
                held.put(index, (ObjectNode) event.path("item").deepCopy());
                continue;
            }
            if (held.containsKey(index)) {
                // Argument deltas and the item's end: the whole item is kept, written only once it is decided.
                if (type.equals("response.output_item.done") && event.path("item") instanceof ObjectNode done) {
                    held.put(index, done.deepCopy());
                } else if (type.equals("response.function_call_arguments.done")) {
                    held.get(index).put("arguments", event.path("arguments").asText(""));
                } else if (type.equals("response.function_call_arguments.delta")) {
                    ObjectNode item = held.get(index);
                    item.put("arguments", item.path("arguments").asText("") + event.path("delta").asText(""));
                }
                continue;
            }
            if (type.equals("response.output_text.delta")) {
                text.append(event.path("delta").asText(""));
            }
            boolean last = type.equals("response.completed") || type.equals("response.incomplete")
                    || type.equals("response.failed");
            if (!last) {
                // response.created / in_progress / queued carry a snapshot that SDKs start their response from: a call
                // in it would reach the client before any judgement.
                for (JsonNode item : outputOf(event)) {
                    if (item.path("type").asText().equals("function_call")) {
                        throw BrokenStream.framing(name(), "a function call in the '" + type + "' snapshot",
                                Json.text(item));
                    }
                }
            }
            if (last && reply == null) {
                for (JsonNode item : outputOf(event)) {
                    // The final response repeats the items and the SDKs build their answer from it: a call it holds
                    // must be one the stream announced, with the very name and arguments that were judged, or another
                    // call would reach the client unjudged under a checked call_id.
                    String itemType = item.path("type").asText();
                    if (itemType.equals("function_call")) {
                        String id = call(item).id();
                        if (held.values().stream().noneMatch(h -> call(h).id().equals(id))) {
                            throw BrokenStream.framing(name(), "a function call in the final response that the"
                                    + " stream never announced", Json.text(item));
                        }
                        if (held.values().stream().noneMatch(h -> call(h).id().equals(id)
                                && h.path("name").equals(item.path("name"))
                                && h.path("arguments").equals(item.path("arguments")))) {
                            throw BrokenStream.framing(name(), "a function call in the final response whose name or"
                                    + " arguments differ from the call announced as '" + id + "'", Json.text(item));
                        }
                    }
                    if (!ITEMS.contains(itemType)) {
                        throw BrokenStream.framing(name(), "an output item of type '" + itemType + "'",
                                Json.text(item));
                    }
                }
                JsonNode usage = event.path("response").path("usage");
                List<ToolCall> calls = new ArrayList<>();
                held.values().forEach(item -> calls.add(call(item)));
                reply = new Reply(text.toString(), calls, usage.path("input_tokens").asInt(0),
                        usage.path("output_tokens").asInt(0));
                GatewaySession.Judgement j = judge.apply(reply);
                if (j.error().isPresent()) {
                    ObjectNode err = Json.MAPPER.createObjectNode().put("code", j.error().get().type())
                            .put("message", j.error().get().getMessage()).putNull("param");
                    client.write(event("error", seq, err));
                    client.flush();
                    return reply;
                }
                for (ObjectNode item : held.values()) {
                    if (j.dropped().containsKey(call(item).id())) {
                        continue;
                    }
                    next = writeCall(client, seq, next, item);
                }
                String extra = j.replace().orElse(j.notes());
                ObjectNode extraItem = extra.isEmpty() ? null : messageItem(extra);
                if (extraItem != null) {
                    writeMessage(client, seq, next++, extraItem);
                }
                if (event.path("response") instanceof ObjectNode response) {
                    if (j.replace().isPresent()) {
                        // Everything the response said is replaced: the calls go, the text stays as streamed.
                        Set<String> all = new java.util.HashSet<>(j.dropped().keySet());
                        reply.calls().forEach(c -> all.add(c.id()));
                        without(response, all, extra);
                    } else {
                        without(response, j.dropped().keySet(), extra);
                    }
                }
            } else if (index >= 0) {
                shown.computeIfAbsent(index, k -> -1);
                if (shown.get(index) < 0) {
                    shown.put(index, next++);
                }
                event.put("output_index", shown.get(index));
            }
            event.put("sequence_number", seq[0]++);
            client.write(SseReader.write(e.name(), Json.text(event)));
            client.flush();
        }
        return reply == null ? new Reply(text.toString(), List.of(), 0, 0) : reply;
    }

    /** The items of an event's {@code response.output}, or a {@link BrokenStream} when that is not an array. */
    private Iterable<JsonNode> outputOf(ObjectNode event) throws BrokenStream {
        JsonNode output = event.path("response").path("output");
        if (!output.isMissingNode() && !output.isNull() && !output.isArray()) {
            // Iterating an object would check its values while the client reads something else.
            throw BrokenStream.framing(name(), "a response whose 'output' is not an array", Json.text(output));
        }
        return output.isArray() ? output : List.of();
    }

    /** The output items a stream may carry: text, reasoning, the calls the gateway judges, the server's own tools. */
    private static final Set<String> ITEMS = Set.of("message", "reasoning", "function_call", "web_search_call",
            "file_search_call", "image_generation_call", "code_interpreter_call");

    /**
     * An event as the Responses API defines it, or a {@link BrokenStream}: a JSON object whose {@code type} is a
     * {@code response.*} event or {@code error} and, when the event is named, its name; whose items are of a type the
     * gateway knows; and whose finished function call was announced (and so held) first.
     */
    private ObjectNode strictEvent(SseReader.Event e, Set<Integer> held) throws BrokenStream {
        if (!(Json.parseOrNull(e.data()) instanceof ObjectNode event)) {
            throw BrokenStream.framing(name(), "data that is not a JSON object", e.data());
        }
        String type = event.path("type").asText("");
        if (!type.startsWith("response.") && !type.equals("error")) {
            throw BrokenStream.framing(name(), "an event of type '" + type + "'", e.data());
        }
        if (!e.name().isEmpty() && !e.name().equals(type)) {
            // Parsers that go by the name and parsers that go by the type would read two different events.
            throw BrokenStream.framing(name(), "an event named '" + e.name() + "' whose type is '" + type + "'",
                    e.data());
        }
        JsonNode item = event.path("item");
        if (!item.isMissingNode()) {
            String itemType = item.path("type").asText("");
            if (!ITEMS.contains(itemType)) {
                throw BrokenStream.framing(name(), "an output item of type '" + itemType + "'", e.data());
            }
            if (itemType.equals("function_call") && type.equals("response.output_item.done")
                    && !held.contains(event.path("output_index").asInt(-1))) {
                throw BrokenStream.framing(name(), "a function call that was never announced", e.data());
            }
        }
        return event;
    }

    @Override
    public byte[] streamError(String message) {
        return event("error", new int[] {0}, errorBody(message));
    }

    private static ObjectNode errorBody(String message) {
        return Json.MAPPER.createObjectNode().put("code", "api_error").put("message", message).putNull("param");
    }

    private static int writeCall(OutputStream client, int[] seq, int index, ObjectNode item) throws IOException {
        String id = item.path("id").asText("");
        String args = item.path("arguments").asText("{}");
        ObjectNode added = item.deepCopy().put("status", "in_progress").put("arguments", "");
        client.write(event("response.output_item.added", seq, Json.MAPPER.createObjectNode()
                .put("output_index", index).set("item", added)));
        client.write(event("response.function_call_arguments.delta", seq, Json.MAPPER.createObjectNode()
                .put("item_id", id).put("output_index", index).put("delta", args)));
        client.write(event("response.function_call_arguments.done", seq, Json.MAPPER.createObjectNode()
                .put("item_id", id).put("output_index", index).put("arguments", args)));
        ObjectNode done = item.deepCopy().put("status", "completed").put("arguments", args);
        client.write(event("response.output_item.done", seq, Json.MAPPER.createObjectNode()
                .put("output_index", index).set("item", done)));
        return index + 1;
    }
}
