package dev.bridle.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The project's fake model server: replays scripted answers in each API's real wire format (OpenAI Chat Completions,
 * OpenAI Responses, Anthropic Messages, Ollama chat), whole or streamed as the request asks, over real HTTP. It keeps
 * every request it got, so a test can check what reached the model.
 */
public final class FakeUpstream implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One scripted answer. */
    public sealed interface Step {}

    /** A text answer. */
    public record Text(String text) implements Step {}

    /** Tool calls (and optional text before them). */
    record Calls(String text, List<Call> calls) implements Step {}

    /** An error status with a body, as the API would send it. */
    record Failure(int status, String body) implements Step {}

    /** One tool call: its name and arguments as JSON text. */
    record Call(String name, String args) {}

    public static Step text(String t) {
        return new Text(t);
    }

    public static Step call(String name, String args) {
        return new Calls("", List.of(new Call(name, args)));
    }

    static Step calls(Call... calls) {
        return new Calls("", List.of(calls));
    }

    private final HttpServer server;
    private final List<Step> script = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    public final List<com.sun.net.httpserver.Headers> headers = new CopyOnWriteArrayList<>();
    /** Text chunks per streamed text (a long stream for backpressure tests); 2 by default. */
    public volatile int textChunks = 2;
    /** Whether {@link #requests} and {@link #headers} keep what came; a soak turns it off to hold memory steady. */
    public volatile boolean keepRequests = true;
    /** Bytes written into streams so far. */
    final AtomicLong streamed = new AtomicLong();

    public FakeUpstream(Step... steps) throws IOException {
        script.addAll(List.of(steps));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Replaces the script; its last step repeats once the others are used. */
    void script(Step... steps) {
        script.clear();
        script.addAll(List.of(steps));
        next.set(0);
    }

    private Step step() {
        int i = next.getAndIncrement();
        return script.get(Math.min(i, script.size() - 1));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            if (x.getRequestMethod().equals("GET")) {
                send(x, 200, "application/json", path.startsWith("/api/tags")
                        ? "{\"models\":[{\"name\":\"fake:latest\",\"model\":\"fake:latest\"}]}"
                        : "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\",\"object\":\"model\",\"created\":1,"
                                + "\"owned_by\":\"fake\"}]}");
                return;
            }
            JsonNode req = JSON.readTree(x.getRequestBody().readAllBytes());
            if (keepRequests) {
                requests.add(req);
                headers.add(x.getRequestHeaders());
            }
            Step s = step();
            if (s instanceof Failure f) {
                send(x, f.status(), "application/json", f.body());
                return;
            }
            String text = s instanceof Text t ? t.text() : ((Calls) s).text();
            List<Call> calls = s instanceof Calls c ? c.calls() : List.of();
            boolean stream = req.path("stream").asBoolean(path.equals("/api/chat"));
            String model = req.path("model").asText("fake-model");
            switch (path) {
                case "/v1/chat/completions" -> {
                    if (stream) {
                        stream(x, "text/event-stream", chatChunks(model, text, calls));
                    } else {
                        send(x, 200, "application/json", chat(model, text, calls));
                    }
                }
                case "/v1/messages" -> {
                    if (stream) {
                        stream(x, "text/event-stream", messageEvents(model, text, calls));
                    } else {
                        send(x, 200, "application/json", message(model, text, calls));
                    }
                }
                case "/v1/responses" -> {
                    if (stream) {
                        stream(x, "text/event-stream", responseEvents(model, text, calls));
                    } else {
                        send(x, 200, "application/json", JSON.writeValueAsString(response(model, text, calls)));
                    }
                }
                case "/api/chat" -> {
                    if (stream) {
                        stream(x, "application/x-ndjson", ollamaLines(model, text, calls));
                    } else {
                        send(x, 200, "application/json", ollama(model, text, calls, true));
                    }
                }
                default -> send(x, 404, "application/json", "{\"error\":{\"message\":\"no route " + path + "\"}}");
            }
        }
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("x-request-id", "req_fake_1");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private void stream(HttpExchange x, String type, List<String> pieces) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("x-request-id", "req_fake_1");
        x.sendResponseHeaders(200, 0);
        OutputStream out = x.getResponseBody();
        for (String p : pieces) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            out.write(b);
            out.flush();
            streamed.addAndGet(b.length);
        }
    }

    private List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        int n = Math.max(1, Math.min(textChunks, text.length()));
        if (textChunks > text.length()) {
            // a long stream: the text again and again
            for (int i = 0; i < textChunks; i++) {
                out.add(text);
            }
            return out;
        }
        int size = (text.length() + n - 1) / n;
        for (int i = 0; i < text.length(); i += size) {
            out.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return out;
    }

    private static String sse(String event, JsonNode data) {
        try {
            return (event.isEmpty() ? "" : "event: " + event + "\n") + "data: " + JSON.writeValueAsString(data)
                    + "\n\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String id(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    // ---- OpenAI Chat Completions

    private String chat(String model, String text, List<Call> calls) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id("chatcmpl-")).put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", model).put("system_fingerprint", "fp_fake").put("x_fake_extra", "kept");
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode m = choice.putObject("message").put("role", "assistant");
        if (text.isEmpty() && !calls.isEmpty()) {
            m.putNull("content");
        } else {
            m.put("content", text);
        }
        m.putNull("refusal");
        if (!calls.isEmpty()) {
            ArrayNode tcs = m.putArray("tool_calls");
            for (Call c : calls) {
                ObjectNode tc = tcs.addObject().put("id", id("call_")).put("type", "function");
                tc.putObject("function").put("name", c.name()).put("arguments", c.args());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", calls.isEmpty() ? "stop" : "tool_calls");
        o.putObject("usage").put("prompt_tokens", 20).put("completion_tokens", 5).put("total_tokens", 25);
        return JSON.writeValueAsString(o);
    }

    private List<String> chatChunks(String model, String text, List<Call> calls) {
        String id = id("chatcmpl-");
        List<String> out = new ArrayList<>();
        ObjectNode first = chunk(id, model);
        delta(first).put("role", "assistant").put("content", "");
        out.add(sse("", first));
        for (String piece : split(text)) {
            ObjectNode c = chunk(id, model);
            delta(c).put("content", piece);
            out.add(sse("", c));
        }
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            ObjectNode c = chunk(id, model);
            ObjectNode tc = delta(c).putArray("tool_calls").addObject();
            tc.put("index", i).put("id", id("call_")).put("type", "function");
            tc.putObject("function").put("name", call.name()).put("arguments", "");
            out.add(sse("", c));
            int half = call.args().length() / 2;
            for (String part : List.of(call.args().substring(0, half), call.args().substring(half))) {
                ObjectNode a = chunk(id, model);
                ObjectNode t = delta(a).putArray("tool_calls").addObject();
                t.put("index", i).putObject("function").put("arguments", part);
                out.add(sse("", a));
            }
        }
        ObjectNode last = chunk(id, model);
        delta(last);
        ((ObjectNode) last.path("choices").path(0)).put("finish_reason", calls.isEmpty() ? "stop" : "tool_calls");
        out.add(sse("", last));
        out.add("data: [DONE]\n\n");
        return out;
    }

    private static ObjectNode chunk(String id, String model) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", id).put("object", "chat.completion.chunk").put("created", 1_700_000_000L).put("model", model)
                .put("system_fingerprint", "fp_fake");
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return c;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.path("choices").path(0).path("delta");
    }

    // ---- Anthropic Messages

    private String message(String model, String text, List<Call> calls) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id("msg_")).put("type", "message").put("role", "assistant").put("model", model);
        ArrayNode content = o.putArray("content");
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (Call c : calls) {
            content.addObject().put("type", "tool_use").put("id", id("toolu_")).put("name", c.name())
                    .set("input", JSON.readTree(c.args()));
        }
        o.put("stop_reason", calls.isEmpty() ? "end_turn" : "tool_use").putNull("stop_sequence");
        o.putObject("usage").put("input_tokens", 20).put("output_tokens", 5);
        return JSON.writeValueAsString(o);
    }

    private List<String> messageEvents(String model, String text, List<Call> calls) throws IOException {
        List<String> out = new ArrayList<>();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode msg = start.putObject("message");
        msg.put("id", id("msg_")).put("type", "message").put("role", "assistant").put("model", model);
        msg.putArray("content");
        msg.putNull("stop_reason").putNull("stop_sequence");
        msg.putObject("usage").put("input_tokens", 20).put("output_tokens", 1);
        out.add(sse("message_start", start));
        out.add(sse("ping", JSON.createObjectNode().put("type", "ping")));
        int index = 0;
        if (!text.isEmpty()) {
            ObjectNode bs = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
            bs.putObject("content_block").put("type", "text").put("text", "");
            out.add(sse("content_block_start", bs));
            for (String piece : split(text)) {
                ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
                d.putObject("delta").put("type", "text_delta").put("text", piece);
                out.add(sse("content_block_delta", d));
            }
            out.add(sse("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                    .put("index", index)));
            index++;
        }
        for (Call c : calls) {
            ObjectNode bs = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
            bs.putObject("content_block").put("type", "tool_use").put("id", id("toolu_")).put("name", c.name())
                    .putObject("input");
            out.add(sse("content_block_start", bs));
            int half = c.args().length() / 2;
            for (String part : List.of(c.args().substring(0, half), c.args().substring(half))) {
                ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
                d.putObject("delta").put("type", "input_json_delta").put("partial_json", part);
                out.add(sse("content_block_delta", d));
            }
            out.add(sse("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                    .put("index", index)));
            index++;
        }
        ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
        md.putObject("delta").put("stop_reason", calls.isEmpty() ? "end_turn" : "tool_use").putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", 5);
        out.add(sse("message_delta", md));
        out.add(sse("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        return out;
    }

    // ---- OpenAI Responses

    private ObjectNode response(String model, String text, List<Call> calls) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id("resp_")).put("object", "response").put("created_at", 1_700_000_000L)
                .put("status", "completed").putNull("error").putNull("incomplete_details").putNull("instructions")
                .put("model", model).put("parallel_tool_calls", true).put("temperature", 1.0)
                .put("tool_choice", "auto").put("top_p", 1.0);
        o.putObject("metadata");
        o.putArray("tools");
        ArrayNode output = o.putArray("output");
        if (!text.isEmpty()) {
            output.add(messageItem(text, "completed"));
        }
        for (Call c : calls) {
            output.add(functionItem(c, c.args(), "completed"));
        }
        ObjectNode usage = o.putObject("usage");
        usage.put("input_tokens", 20).put("output_tokens", 5).put("total_tokens", 25);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        return o;
    }

    private ObjectNode messageItem(String text, String status) {
        ObjectNode item = JSON.createObjectNode().put("type", "message").put("id", "msg_item_" + text.hashCode())
                .put("status", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (status.equals("completed")) {
            content.addObject().put("type", "output_text").put("text", text).putArray("annotations");
        }
        return item;
    }

    private ObjectNode functionItem(Call c, String args, String status) {
        return JSON.createObjectNode().put("type", "function_call").put("id", "fc_" + c.name() + c.args().hashCode())
                .put("call_id", "call_" + c.name() + "_" + Math.abs(c.args().hashCode())).put("name", c.name())
                .put("arguments", args).put("status", status);
    }

    private List<String> responseEvents(String model, String text, List<Call> calls) {
        List<String> out = new ArrayList<>();
        int seq = 0;
        ObjectNode full = response(model, text, calls);
        ObjectNode created = full.deepCopy().put("status", "in_progress");
        created.putArray("output");
        created.putNull("usage");
        out.add(sse("response.created", JSON.createObjectNode().put("type", "response.created")
                .put("sequence_number", seq++).set("response", created)));
        int index = 0;
        if (!text.isEmpty()) {
            ObjectNode item = messageItem(text, "in_progress");
            String itemId = item.path("id").asText();
            out.add(sse("response.output_item.added", JSON.createObjectNode().put("type", "response.output_item.added")
                    .put("sequence_number", seq++).put("output_index", index).set("item", item)));
            ObjectNode part = JSON.createObjectNode().put("type", "output_text").put("text", "");
            part.putArray("annotations");
            out.add(sse("response.content_part.added", JSON.createObjectNode()
                    .put("type", "response.content_part.added").put("sequence_number", seq++)
                    .put("item_id", itemId).put("output_index", index).put("content_index", 0).set("part", part)));
            for (String piece : split(text)) {
                out.add(sse("response.output_text.delta", JSON.createObjectNode()
                        .put("type", "response.output_text.delta").put("sequence_number", seq++)
                        .put("item_id", itemId).put("output_index", index).put("content_index", 0)
                        .put("delta", piece)));
            }
            out.add(sse("response.output_text.done", JSON.createObjectNode().put("type", "response.output_text.done")
                    .put("sequence_number", seq++).put("item_id", itemId).put("output_index", index)
                    .put("content_index", 0).put("text", text)));
            out.add(sse("response.output_item.done", JSON.createObjectNode().put("type", "response.output_item.done")
                    .put("sequence_number", seq++).put("output_index", index)
                    .set("item", messageItem(text, "completed"))));
            index++;
        }
        for (Call c : calls) {
            ObjectNode item = functionItem(c, "", "in_progress");
            String itemId = item.path("id").asText();
            out.add(sse("response.output_item.added", JSON.createObjectNode().put("type", "response.output_item.added")
                    .put("sequence_number", seq++).put("output_index", index).set("item", item)));
            int half = c.args().length() / 2;
            for (String part : List.of(c.args().substring(0, half), c.args().substring(half))) {
                out.add(sse("response.function_call_arguments.delta", JSON.createObjectNode()
                        .put("type", "response.function_call_arguments.delta").put("sequence_number", seq++)
                        .put("item_id", itemId).put("output_index", index).put("delta", part)));
            }
            out.add(sse("response.function_call_arguments.done", JSON.createObjectNode()
                    .put("type", "response.function_call_arguments.done").put("sequence_number", seq++)
                    .put("item_id", itemId).put("output_index", index).put("arguments", c.args())));
            out.add(sse("response.output_item.done", JSON.createObjectNode().put("type", "response.output_item.done")
                    .put("sequence_number", seq++).put("output_index", index)
                    .set("item", functionItem(c, c.args(), "completed"))));
            index++;
        }
        out.add(sse("response.completed", JSON.createObjectNode().put("type", "response.completed")
                .put("sequence_number", seq).set("response", full)));
        return out;
    }

    // ---- Ollama

    private String ollama(String model, String text, List<Call> calls, boolean done) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", model).put("created_at", "2026-01-01T00:00:00Z");
        ObjectNode m = o.putObject("message").put("role", "assistant").put("content", text);
        if (!calls.isEmpty()) {
            ArrayNode tcs = m.putArray("tool_calls");
            for (Call c : calls) {
                tcs.addObject().putObject("function").put("name", c.name()).set("arguments", JSON.readTree(c.args()));
            }
        }
        o.put("done", done);
        if (done) {
            o.put("done_reason", "stop").put("total_duration", 1000).put("prompt_eval_count", 20)
                    .put("eval_count", 5);
        }
        return JSON.writeValueAsString(o);
    }

    private List<String> ollamaLines(String model, String text, List<Call> calls) throws IOException {
        List<String> out = new ArrayList<>();
        for (String piece : split(text)) {
            out.add(ollama(model, piece, List.of(), false) + "\n");
        }
        if (!calls.isEmpty()) {
            out.add(ollama(model, "", calls, false) + "\n");
        }
        out.add(ollama(model, "", List.of(), true) + "\n");
        return out;
    }
}
