package dev.bridle.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * A model server that answers every POST with the same bytes, as its door's stream type (NDJSON for Ollama's
 * {@code /api/chat}, an event stream otherwise): what a hostile or broken upstream sends, byte for byte.
 */
final class HostileUpstream implements AutoCloseable {

    private final HttpServer server;

    HostileUpstream(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", x -> {
            try (x) {
                x.getRequestBody().readAllBytes();
                x.getResponseHeaders().set("Content-Type", x.getRequestURI().getPath().equals("/api/chat")
                        ? "application/x-ndjson" : "text/event-stream");
                x.sendResponseHeaders(200, 0);
                OutputStream out = x.getResponseBody();
                out.write(bytes);
                out.flush();
            }
        });
        server.start();
    }

    /** A gateway on the test harness whose upstream is this server (its own fake upstream goes unused). */
    GatewayFixture gateway(Path dir) throws Exception {
        return new GatewayFixture(dir, "", c -> new GatewayConfig(c.harness(), "", url(), c.host(), c.port(),
                c.token(), c.approverToken(), c.upstreamKey(), c.maxRequestBytes(), c.store(), c.webhook(),
                c.limits(), c.tls(), c.clock()), FakeUpstream.text("unused"));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
