package dev.bridle.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bridle.access.HostCheck;
import dev.bridle.model.ToolCall;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http.get against an in-process server on 127.0.0.1, the only address these tests ever reach. */
class HttpGetTest {

    private HttpServer server;
    private String base;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/hello", exchange -> answer(exchange, 200, "hi there", null));
        server.createContext("/same", exchange -> answer(exchange, 302, "", "/hello"));
        server.createContext("/other", exchange -> answer(exchange, 302, "",
                "http://localhost:" + server.getAddress().getPort() + "/hello"));
        server.createContext("/elsewhere", exchange -> answer(exchange, 301, "", "https://example.com/"));
        server.createContext("/loop", exchange -> answer(exchange, 302, "", "/loop"));
        server.createContext("/big", exchange -> answer(exchange, 200, "x".repeat(5000), null));
        server.createContext("/missing", exchange -> answer(exchange, 404, "nope", null));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, int status, String body, String location) throws IOException {
        hits.incrementAndGet();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static HostCheck loopbackAllowed() {
        return HostCheck.of(List.of("127.0.0.1"), List.of("127.0.0.1"));
    }

    private static ToolResult get(HttpGet tool, String url) {
        return tool.call("a", new ToolCall("http.get", "{\"url\":\"" + url + "\"}"));
    }

    @Test
    void fetchesFromAnExplicitlyAllowedLoopbackHost() {
        assertThat(get(new HttpGet(loopbackAllowed()), base + "/hello")).isEqualTo(ToolResult.ok("HTTP 200\nhi there"));
    }

    @Test
    void loopbackIsRefusedUnlessExplicitlyAllowed() {
        HttpGet tool = new HttpGet(HostCheck.of(List.of("127.0.0.1"), List.of()));
        assertThat(get(tool, base + "/hello").output()).contains("loopback");
        assertThat(hits).hasValue(0);
    }

    @Test
    void redirectOnTheSameHostIsFollowed() {
        assertThat(get(new HttpGet(loopbackAllowed()), base + "/same")).isEqualTo(ToolResult.ok("HTTP 200\nhi there"));
    }

    @Test
    void redirectToAnotherHostIsRefusedBeforeAnyRequestGoesThere() {
        HttpGet tool = new HttpGet(loopbackAllowed());
        assertThat(get(tool, base + "/other").output()).contains("redirect to another host (localhost)");
        assertThat(get(tool, base + "/elsewhere").output()).contains("redirect to another host (example.com)");
        assertThat(hits).hasValue(2);
    }

    @Test
    void endlessRedirectsStop() {
        assertThat(get(new HttpGet(loopbackAllowed()), base + "/loop").output()).contains("more than 5 redirects");
        assertThat(hits).hasValue(HttpGet.MAX_REDIRECTS + 1);
    }

    @Test
    void bodyOverTheCapIsAnError() {
        HttpGet tool = new HttpGet(loopbackAllowed(), 1000, Duration.ofSeconds(5));
        assertThat(get(tool, base + "/big").output()).contains("larger than the cap");
    }

    @Test
    void errorStatusAndBadArgumentsComeBackAsErrors() {
        HttpGet tool = new HttpGet(loopbackAllowed());
        assertThat(get(tool, base + "/missing")).isEqualTo(ToolResult.error("HTTP 404\nnope"));
        assertThat(tool.call("a", new ToolCall("http.get", "{}")).output()).contains("'url' is missing");
        assertThat(get(tool, "file:///etc/passwd").output()).contains("only http and https");
        assertThat(get(tool, "not a url").ok()).isFalse();
    }
}
