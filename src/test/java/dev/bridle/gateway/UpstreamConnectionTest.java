package dev.bridle.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.store.RunStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's upstream connections against a model server that misbehaves at the socket: one that drops a kept-alive
 * connection instead of answering on it, one that never answers, one that sends less than it said.
 */
class UpstreamConnectionTest {

    @TempDir
    Path dir;

    private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"Hello.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
            + "\"total_tokens\":5}}";

    /** What the raw server does with the n-th request it reads on a connection (n from 0). */
    private enum Act { ANSWER, DROP, SHORT }

    /**
     * A model server over a plain server socket, so that it can do what an HTTP server library would not: it reads
     * each request whole, then acts on it as {@code act} says for that request's place on its connection.
     */
    private static final class RawUpstream implements AutoCloseable {

        private final ServerSocket server;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();

        RawUpstream(IntFunction<Act> act) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s, act));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        private void serve(Socket s, IntFunction<Act> act) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                for (int n = 0; ; n++) {
                    int length = head(in);
                    if (length < 0) {
                        return;
                    }
                    in.readNBytes(length);
                    requests.incrementAndGet();
                    byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                    switch (act.apply(n)) {
                        case DROP -> {
                            return;
                        }
                        case SHORT -> {
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(body, 0, 20);
                            out.flush();
                            return;
                        }
                        case ANSWER -> {
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(body);
                            out.flush();
                            answered.incrementAndGet();
                        }
                    }
                }
            } catch (IOException e) {
                // The gateway closed its end; this connection is done.
            }
        }

        /** Reads a request's head; returns its Content-Length (0 without one), or -1 at the end of the stream. */
        private static int head(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int length = 0;
            boolean any = false;
            for (int b = in.read(); b >= 0; b = in.read()) {
                any = true;
                if (b == '\r') {
                    continue;
                }
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                if (line.isEmpty()) {
                    return length;
                }
                String l = line.toString().toLowerCase(Locale.ROOT);
                if (l.startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                }
                line.setLength(0);
            }
            return any ? length : -1;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static HttpResponse<String> chat(Gateway g, String session) {
        return Http.post(g.baseUrl().resolve("/v1/chat/completions"), CHAT, List.of(SessionRegistry.HEADER, session));
    }

    @Test
    void aKeptAliveConnectionTheServerDropsUnansweredIsTriedOnceMoreOnAFreshOne() throws Exception {
        // Each connection answers its first request and drops the second: the gateway's second call meets a pooled
        // connection that ends without a byte, as one the server closed while idle does.
        try (RawUpstream up = new RawUpstream(n -> n == 0 ? Act.ANSWER : Act.DROP);
                RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
                Gateway g = Gateway.start(GatewayConfig.of(GatewayFixture.harness(""), up.url()).withStore(store))) {
            HttpResponse<String> first = chat(g, "keep");
            HttpResponse<String> second = chat(g, "keep");

            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            assertThat(second.body()).contains("Hello.");
            assertThat(up.answered).as("answers the model gave").hasValue(2);
            assertThat(up.connections).as("the second call went out again on a new connection").hasValue(2);
            assertThat(g.sessions().find("keep").orElseThrow().steps()).isEqualTo(2);
        }
    }

    @Test
    void anUpstreamThatNeverAnswersIsA502AfterOneMoreTryAndIsRecorded() throws Exception {
        try (RawUpstream up = new RawUpstream(n -> Act.DROP);
                RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
                Gateway g = Gateway.start(GatewayConfig.of(GatewayFixture.harness(""), up.url()).withStore(store))) {
            HttpResponse<String> r = chat(g, "mute");

            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).contains("the upstream " + up.url() + " failed");
            assertThat(up.requests).as("sent once, then once more on a fresh connection, and no more").hasValue(2);
            GatewaySession s = g.sessions().find("mute").orElseThrow();
            s.flush();
            assertThat(store.events(s.runId())).anySatisfy(e -> assertThat(e).isInstanceOf(
                    RunEvent.ErrorHandled.class));
        }
    }

    @Test
    void anAnswerShorterThanItsContentLengthIsA502AndNotPassedOn() throws Exception {
        try (RawUpstream up = new RawUpstream(n -> Act.SHORT);
                RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
                Gateway g = Gateway.start(GatewayConfig.of(GatewayFixture.harness(""), up.url()).withStore(store))) {
            HttpResponse<String> r = chat(g, "short");

            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).contains("broke off").doesNotContain("chatcmpl-1");
            assertThat(up.requests).as("an answer had begun: the model is not asked twice").hasValue(1);
        }
    }
}
