package dev.bridle.gateway;

import static dev.bridle.gateway.FakeUpstream.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks an adversarial review found, each refused before anything reaches the model server: a web page's
 * request, a rebound DNS name, requests whose tool calls the harness could not judge, and bodies two parsers would
 * read differently.
 */
class GatewayHardeningTest {

    @TempDir
    Path dir;

    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]%s}";

    @Test
    void aRequestFromAWebPageIsRefusedAndCannotAnswerAnApproval() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", text("Hello."))) {
            HttpResponse<String> chat = Http.post(f.base().resolve("/v1/chat/completions"), CHAT.formatted(""),
                    List.of("Origin", "https://evil.example"));
            HttpResponse<String> approve = Http.post(f.base().resolve(Gateway.ADMIN + "/approvals/q1"),
                    "{\"approved\":true}", List.of("Origin", "https://evil.example"));
            assertThat(chat.statusCode()).isEqualTo(403);
            assertThat(approve.statusCode()).isEqualTo(403);
            assertThat(chat.body()).contains("web page");
            assertThat(f.upstream.requests).isEmpty();
        }
    }

    @Test
    void aReboundDnsNameIsRefusedOnLoopback() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", text("Hello."))) {
            String body = CHAT.formatted("");
            try (Socket s = new Socket("127.0.0.1", f.base().getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: attacker.example:" + f.base().getPort()
                        + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = s.getInputStream();
                s.setSoTimeout(10_000);
                // Read until the refusal's text has arrived: the server may keep the connection open after it.
                StringBuilder answer = new StringBuilder();
                byte[] buf = new byte[4096];
                while (!answer.toString().contains("loopback address")) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    answer.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
                assertThat(answer.toString()).startsWith("HTTP/1.1 403").contains("not this gateway's loopback address");
            }
            assertThat(f.upstream.requests).isEmpty();
            assertThat(Http.post(f.base().resolve("/v1/chat/completions"), body, List.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void requestsWhoseCallsTheHarnessCouldNotJudgeAreRefused() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", text("Hello."))) {
            assertThat(Http.post(f.base().resolve("/v1/chat/completions"), CHAT.formatted(",\"n\":2"), List.of())
                    .body()).contains("'n' other than 1");
            assertThat(Http.post(f.base().resolve("/v1/chat/completions"),
                    CHAT.formatted(",\"functions\":[{\"name\":\"bash\"}]"), List.of()).statusCode()).isEqualTo(400);
            HttpResponse<String> shell = Http.post(f.base().resolve("/v1/responses"),
                    "{\"model\":\"m\",\"input\":\"hi\",\"tools\":[{\"type\":\"local_shell\"}]}", List.of());
            assertThat(shell.statusCode()).isEqualTo(400);
            assertThat(shell.body()).contains("local_shell");
            HttpResponse<String> search = Http.post(f.base().resolve("/v1/messages"),
                    "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                            + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}", List.of());
            assertThat(search.statusCode()).isEqualTo(400);
            HttpResponse<String> mcp = Http.post(f.base().resolve("/v1/messages"),
                    "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                            + "\"mcp_servers\":[{\"type\":\"url\",\"url\":\"https://x.example\"}]}", List.of());
            assertThat(mcp.statusCode()).isEqualTo(400);
            assertThat(f.upstream.requests).isEmpty();
        }
    }

    @Test
    void bodiesThatTwoParsersWouldReadDifferentlyAreRefused() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", text("Hello."))) {
            String caseTwin = "{\"model\":\"m\",\"stream\":false,\"Stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            String twice = "{\"model\":\"m\",\"stream\":false,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            String trailing = CHAT.formatted("") + "{\"stream\":true}";
            for (String body : List.of(caseTwin, twice, trailing)) {
                assertThat(Http.post(f.base().resolve("/api/chat"), body, List.of()).statusCode()).as(body)
                        .isEqualTo(400);
            }
            assertThat(f.upstream.requests).isEmpty();
        }
    }

    @Test
    void onlyLoopbackLiteralsCountAsLoopback() {
        assertThat(GatewayConfig.loopback("127.0.0.1")).isTrue();
        assertThat(GatewayConfig.loopback("127.1.2.3")).isTrue();
        assertThat(GatewayConfig.loopback("localhost")).isTrue();
        assertThat(GatewayConfig.loopback("127.evil.example")).isFalse();
        assertThat(GatewayConfig.loopback("127.0.0.1.nip.io")).isFalse();
    }
}
