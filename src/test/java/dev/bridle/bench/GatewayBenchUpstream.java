package dev.bridle.bench;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A lean model server for {@link GatewayBench}: it answers every Chat Completions request with the same text
 * ("Hello."), whole or streamed as the request asks, in the bytes the project's {@code FakeUpstream} sends for it, but
 * on Helidon's web server instead of the JDK's {@code HttpServer}, which took more of the two cores than the gateway
 * did. The load generator and the model server share the machine with the gateway; the less they take, the more the
 * closed-loop throughput measures the gateway.
 */
final class GatewayBenchUpstream implements AutoCloseable {

    private static final String CHUNK = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":"
            + "1700000000,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_fake\",\"choices\":[{\"index\":0,"
            + "\"delta\":{%s},\"logprobs\":null,\"finish_reason\":%s}]}";

    private static final byte[] WHOLE = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_fake\",\"x_fake_extra\":\"kept\",\"choices\":[{"
            + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello.\",\"refusal\":null},\"logprobs\":"
            + "null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":5,"
            + "\"total_tokens\":25}}").getBytes(StandardCharsets.UTF_8);

    private static final List<byte[]> EVENTS = List.of(
            event(CHUNK.formatted("\"role\":\"assistant\",\"content\":\"\"", "null")),
            event(CHUNK.formatted("\"content\":\"Hel\"", "null")),
            event(CHUNK.formatted("\"content\":\"lo.\"", "null")),
            event(CHUNK.formatted("", "\"stop\"")),
            "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));

    private final WebServer server;

    GatewayBenchUpstream() {
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> r.post("/v1/chat/completions", GatewayBenchUpstream::chat)).build().start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private static void chat(ServerRequest req, ServerResponse res) throws IOException {
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readAllBytes();
        }
        // The bench's own requests: "stream":true is written exactly so when a stream is asked for.
        boolean stream = new String(body, StandardCharsets.UTF_8).contains("\"stream\":true");
        res.header(HeaderNames.create("x-request-id"), "req_fake_1");
        if (!stream) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(WHOLE);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        try (OutputStream out = res.outputStream()) {
            for (byte[] e : EVENTS) {
                out.write(e);
                out.flush();
            }
        } catch (UncheckedIOException e) {
            // The client stopped reading; nothing to answer.
        }
    }

    private static byte[] event(String json) {
        return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop();
    }
}
