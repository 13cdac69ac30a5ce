package dev.bridle.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bridle.access.HostCheck;
import dev.bridle.access.PermissionCheck;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.HarnessReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http.get against an in-process server on 127.0.0.1, the only address these tests ever reach. */
class HttpGetTest {

    private HttpServer server;
    private int port;
    private String base;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/hello", exchange -> answer(exchange, 200, "hi there", null));
        server.createContext("/same", exchange -> answer(exchange, 302, "", "/hello"));
        server.createContext("/elsewhere", exchange -> answer(exchange, 301, "", "https://example.com/"));
        server.createContext("/loop", exchange -> answer(exchange, 302, "", "/loop"));
        server.createContext("/big", exchange -> answer(exchange, 200, "x".repeat(5000), null));
        server.createContext("/missing", exchange -> answer(exchange, 404, "nope", null));
        server.start();
        port = server.getAddress().getPort();
        base = "http://127.0.0.1:" + port;
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

    /** The permission rules of a harness whose only rules are the given YAML lines. */
    static PermissionCheck rules(String... ruleLines) {
        StringBuilder yaml = new StringBuilder("""
                bridle: 1
                name: http-test
                agents:
                  a: { system: You fetch., tools: [http.get] }
                workflow:
                  start: go
                  nodes:
                    go: { agent: a, next: done }
                    done: { end: completed }
                permissions:
                  default: deny
                  rules:
                """.stripTrailing() + (ruleLines.length == 0 ? " []\n" : "\n"));
        for (String line : ruleLines) {
            yaml.append("    - ").append(line).append('\n');
        }
        try {
            return PermissionCheck.of(HarnessReader.parse("http-test.harness.yaml", yaml.toString()).harness()
                    .permissions());
        } catch (DocumentException e) {
            throw new IllegalStateException(e.problems().toString(), e);
        }
    }

    private HttpGet localTool(HttpGet.Limits limits) {
        return new HttpGet(rules("{ id: local, allow: http.get, hosts: [\"127.0.0.1:" + port + "\"] }"),
                HostCheck.system(), limits);
    }

    private HttpGet localTool() {
        return localTool(HttpGet.Limits.standard());
    }

    private static ToolResult get(HttpGet tool, String url) {
        return tool.call("a", new ToolCall("http.get", "{\"url\":\"" + url + "\"}"));
    }

    @Test
    void fetchesFromALoopbackHostAndPortThatARuleNamesLiterally() {
        assertThat(get(localTool(), base + "/hello")).isEqualTo(ToolResult.ok("HTTP 200\nhi there"));
    }

    @Test
    void loopbackIsRefusedWhenOnlyAGlobAllowsIt() {
        HttpGet tool = new HttpGet(rules("{ id: any-local, allow: http.get, hosts: [\"127.0.0.*:" + port + "\"] }"),
                HostCheck.system(), HttpGet.Limits.standard());
        assertThat(get(tool, base + "/hello").output())
                .startsWith("http.get: refused by rule 'http-address': 127.0.0.1:" + port + " is loopback");
        assertThat(hits).hasValue(0);
    }

    @Test
    void redirectOnTheSameHostIsFollowedAndNamesTheRuleThatAllowedIt() {
        assertThat(get(localTool(), base + "/same")).isEqualTo(ToolResult.ok(
                "redirect 302 to " + base + "/hello allowed by rule 'local'\nHTTP 200\nhi there"));
    }

    @Test
    void redirectToAHostNoRuleAllowsIsRefusedBeforeAnyRequestGoesThere() {
        assertThat(get(localTool(), base + "/elsewhere").output()).isEqualTo("http.get: refused by rule 'default':"
                + " redirect 301 to example.com (https://example.com/): the rule denies it");
        assertThat(hits).hasValue(1);
    }

    @Test
    void aRedirectThatARuleAsksAboutIsRefusedBecauseNobodyCanAnswerMidCall() {
        HttpGet tool = new HttpGet(rules("{ id: local, allow: http.get, hosts: [\"127.0.0.1:" + port + "\"] }",
                "{ id: ask-web, ask: http.get, hosts: [\"**\"] }"), HostCheck.system(), HttpGet.Limits.standard());
        assertThat(get(tool, base + "/elsewhere").output()).isEqualTo("http.get: refused by rule 'ask-web':"
                + " redirect 301 to example.com (https://example.com/): the rule asks, and a redirect cannot wait for"
                + " an answer");
    }

    @Test
    void endlessRedirectsStop() {
        assertThat(get(localTool(), base + "/loop").output())
                .endsWith("refused by rule 'http-redirect': more than 5 redirects");
        assertThat(hits).hasValue(HttpGet.Limits.standard().maxRedirects() + 1);
    }

    @Test
    void bodyOverTheCapIsAnError() {
        assertThat(get(localTool(new HttpGet.Limits(1000, Duration.ofSeconds(5), 5)), base + "/big").output())
                .isEqualTo("http.get: refused by rule 'http-limits': the body is larger than the cap of 1000 bytes");
    }

    @Test
    void errorStatusAndBadArgumentsComeBackAsErrors() {
        HttpGet tool = localTool();
        assertThat(get(tool, base + "/missing")).isEqualTo(ToolResult.error("HTTP 404\nnope"));
        assertThat(tool.call("a", new ToolCall("http.get", "{}")).output()).contains("'url' is missing");
        assertThat(get(tool, "file:///etc/passwd").output())
                .isEqualTo("http.get: refused by rule 'http-url': only http and https URLs are fetched, not 'file:'");
        assertThat(get(tool, "not a url").ok()).isFalse();
    }

    @Test
    void aCallTheRulesDenyIsRefusedEvenWithoutTheGate() {
        assertThat(get(localTool(), "http://127.0.0.1:" + (port == 65535 ? 1 : port + 1) + "/").output())
                .startsWith("http.get: refused by rule 'default': 127.0.0.1:");
        assertThat(hits).hasValue(0);
    }

    @Test
    void withoutRulesNoPrivateAddressAndNoRedirectIsReached() {
        HttpGet tool = new HttpGet(null, HostCheck.system(), HttpGet.Limits.standard());
        assertThat(get(tool, base + "/hello").output()).contains("'http-address'");
        assertThat(hits).hasValue(0);
    }

    @Test
    void theBuiltInToolsOfferHttpGet() {
        assertThat(BuiltInTools.http(rules()).names()).containsExactly("http.get");
    }
}
