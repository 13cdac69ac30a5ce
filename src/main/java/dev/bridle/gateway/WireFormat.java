package dev.bridle.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.function.Function;

/**
 * One of the gateway's front doors: a model API's wire format (OpenAI Chat Completions, OpenAI Responses, Anthropic
 * Messages, Ollama chat). It reads a request into a {@link Turn} and a response into a {@link Reply}, and writes what
 * the harness changed back in the API's own shape, streaming included. Everything it does not change passes through
 * as sent: the request and response are edited as JSON trees, never rebuilt.
 */
public sealed interface WireFormat permits OpenAiChat, AnthropicMessages, OpenAiResponses, OllamaChat {

    /** The door's name in session digests and logs: {@code openai-chat}, {@code anthropic}, … */
    String name();

    /** The path the door serves: {@code /v1/chat/completions}, … */
    String path();

    /** The request as the harness sees it; a 400 when its shape is not the API's. */
    Turn read(ObjectNode request);

    /** Replaces the text of the messages at {@code indexes} (indexes of {@link Turn#messages()}) by {@code marker}. */
    void elide(ObjectNode request, Set<Integer> indexes, String marker);

    /** Appends {@code text} as a user message the model sees (a nudge). */
    void inject(ObjectNode request, String text);

    /** A whole (non-streamed) response as the harness sees it. */
    Reply reply(JsonNode response);

    /**
     * The response without the tool calls whose ids are in {@code dropped}, {@code notes} added to its text; when no
     * call is left, it ends as a plain answer.
     */
    ObjectNode without(ObjectNode response, Set<String> dropped, String notes);

    /** A whole response that is one assistant message with {@code text}: a stop, a refusal. */
    ObjectNode message(String model, String text);

    /** The same as a complete stream, as the client asked for a stream. */
    byte[] messageStream(String model, String text);

    /**
     * The end of a stream that cannot go on ({@link BrokenStream}): an error event in the API's streamed shape, which
     * its SDKs raise as an error.
     */
    byte[] streamError(String message);

    /** An error body in the API's shape. */
    ObjectNode error(String type, String message);

    /** The header that carries the upstream key, and its value for {@code key}. */
    String[] keyHeader(String key);

    /**
     * Relays a streamed response from {@code upstream} to {@code client}: text as it arrives, each tool call held until
     * the response's calls are complete; then {@code judge} decides, and the kept calls, the notes of the dropped ones,
     * or a replacing text are written before the stream's end.
     *
     * @return the reply as streamed by the upstream (before the harness's changes)
     */
    Reply relay(InputStream upstream, OutputStream client, Function<Reply, GatewaySession.Judgement> judge)
            throws IOException;

    /** The door for {@code path}, or null. */
    static WireFormat forPath(String path) {
        for (WireFormat f : all()) {
            if (f.path().equals(path)) {
                return f;
            }
        }
        return null;
    }

    /** Every door. */
    static WireFormat[] all() {
        return new WireFormat[] {new OpenAiChat(), new AnthropicMessages(), new OpenAiResponses(), new OllamaChat()};
    }
}
