package dev.bridle.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A model server for tests: the JDK's HTTP server on 127.0.0.1 with a free port, answering with scripted replies in
 * order and recording every request it received.
 */
final class WireServer implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A request the server received. */
    record Received(String method, String path, Headers headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private enum Behaviour { ANSWER, STALL, STALL_BODY }

    private record Reply(Behaviour behaviour, int status, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch released = new CountDownLatch(1);

    private WireServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static WireServer start() {
        try {
            return new WireServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's root, {@code http://127.0.0.1:PORT}, with {@code path} after it. */
    URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    WireServer reply(int status, String body, Map<String, String> headers) {
        replies.add(new Reply(Behaviour.ANSWER, status, headers, body));
        return this;
    }

    WireServer reply(int status, String body) {
        return reply(status, body, Map.of());
    }

    /** Answers 200 with a fixture from {@code src/test/resources/wire/}. */
    WireServer replyWith(String fixture) {
        return reply(200, fixture(fixture));
    }

    /** Never answers (until the server closes). */
    WireServer stall() {
        replies.add(new Reply(Behaviour.STALL, 0, Map.of(), ""));
        return this;
    }

    /** Sends 200 and the first byte of a body, then stalls. */
    WireServer stallInBody() {
        replies.add(new Reply(Behaviour.STALL_BODY, 200, Map.of(), "{"));
        return this;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    static String fixture(String name) {
        try (InputStream in = WireServer.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture wire/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode fixtureJson(String name) {
        try {
            return JSON.readTree(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), body));
            Reply reply = replies.poll();
            if (reply == null) {
                reply = new Reply(Behaviour.ANSWER, 418, Map.of(), "{\"error\":\"the test scripted no more replies\"}");
            }
            switch (reply.behaviour()) {
                case STALL -> awaitRelease();
                case STALL_BODY -> {
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    out.write(reply.body().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    awaitRelease();
                }
                case ANSWER -> {
                    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                    if (bytes.length > 0) {
                        exchange.getResponseBody().write(bytes);
                    }
                }
            }
        }
    }

    private void awaitRelease() {
        try {
            released.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
