package dev.bridle.gateway;

import static dev.bridle.gateway.FakeUpstream.call;
import static dev.bridle.gateway.FakeUpstream.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bridle.event.RunEvent;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over plain HTTP, as curl would use it: pass-through, sessions, the harness's choices and safety. */
class GatewayBehaviourTest {

    @TempDir
    Path dir;

    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"x_unknown\":{\"kept\":[1,2.50]},"
            + "\"messages\":[{\"role\":\"system\",\"content\":\"You fix the build.\"},"
            + "{\"role\":\"user\",\"content\":\"%s\"}]}";

    private static HttpResponse<String> chat(GatewayFixture f, String session, String body) {
        return Http.post(f.base().resolve("/v1/chat/completions"), body,
                session == null ? List.of() : List.of(SessionRegistry.HEADER, session));
    }

    @Test
    void nothingDecidedIsAFaithfulPassThrough() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", text("Hello."))) {
            String body = CHAT.formatted("hi");
            HttpResponse<String> r = chat(f, "p1", body);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-request-id")).hasValue("req_fake_1");
            assertThat(r.body()).contains("\"x_fake_extra\":\"kept\"").contains("Hello.");
            // The client's bytes reach the model server as sent, unknown fields and number forms included.
            assertThat(FakeUpstream.JSON.writeValueAsString(f.upstream.requests.getFirst()))
                    .isEqualTo(FakeUpstream.JSON.writeValueAsString(FakeUpstream.JSON.readTree(body)));
            assertThat(f.upstream.headers.getFirst().getFirst("Authorization")).isNull();
            assertThat(Http.get(f.base().resolve("/v1/models"), List.of()).body()).contains("fake-model");
        }
    }

    @Test
    void theClientsKeyGoesUpstreamAndTheEnvironmentsKeyWhenItSendsNone() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", c -> c.withUpstreamKey("sk-from-env-123"),
                text("Hello."))) {
            chat(f, "k1", CHAT.formatted("hi"));
            assertThat(f.upstream.headers.getLast().getFirst("Authorization")).isEqualTo("Bearer sk-from-env-123");
            Http.post(f.base().resolve("/v1/messages"), "{\"model\":\"c\",\"max_tokens\":5,\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"hi\"}]}", List.of(SessionRegistry.HEADER, "k2"));
            assertThat(f.upstream.headers.getLast().getFirst("x-api-key")).isEqualTo("sk-from-env-123");

            // The key is in no event of any session, and not in the config's text.
            for (String s : List.of("k1", "k2")) {
                StringWriter run = new StringWriter();
                f.gateway.sessions().find(s).orElseThrow().flush();
                f.store.exportRun(f.gateway.sessions().find(s).orElseThrow().runId(), run);
                assertThat(run.toString()).doesNotContain("sk-from-env-123");
            }
            assertThat(f.gateway.config().toString()).doesNotContain("sk-from-env-123");
        }
    }

    @Test
    void malformedJsonGets400WithAMessageAndHarmsNoSession() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", text("Hello."))) {
            HttpResponse<String> bad = chat(f, "m1", "{\"model\": \"x\", \"messages\": [");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("not valid JSON");
            assertThat(chat(f, "m1", "{\"model\":\"x\"}").body()).contains("'messages' must be an array");
            assertThat(f.gateway.sessions().find("m1")).isEmpty();
            assertThat(chat(f, "m2", CHAT.formatted("hi")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOverTheCapGets413() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", c -> c.withMaxRequestBytes(4096), text("Hello."))) {
            HttpResponse<String> r = chat(f, "big", CHAT.formatted("x".repeat(10_000)));
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(f.upstream.requests).isEmpty();
        }
    }

    @Test
    void anUpstreamThatIsDownGives502AndIsRecorded() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (GatewayFixture f = new GatewayFixture(dir, "", text("x"))) {
            try (Gateway g = Gateway.start(GatewayConfig.of(GatewayFixture.harness(""),
                    URI.create("http://127.0.0.1:" + closed)).withStore(f.store))) {
                HttpResponse<String> r = Http.post(g.baseUrl().resolve("/v1/chat/completions"), CHAT.formatted("hi"),
                        List.of(SessionRegistry.HEADER, "down"));
                assertThat(r.statusCode()).isEqualTo(502);
                assertThat(r.body()).contains("failed");
                GatewaySession s = g.sessions().find("down").orElseThrow();
                s.flush();
                assertThat(f.store.events(s.runId())).anySatisfy(e -> assertThat(e).isInstanceOf(
                        RunEvent.ErrorHandled.class));
            }
        }
    }

    @Test
    void anUpstreamErrorPassesThroughAndIsRecorded() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", new FakeUpstream.Failure(429,
                "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}"))) {
            HttpResponse<String> r = chat(f, "e1", CHAT.formatted("hi"));
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.body()).contains("slow down");
            assertThat(f.events("e1")).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    RunEvent.ErrorHandled.class, h -> assertThat(h.error()).contains("429")));
        }
    }

    @Test
    void offLoopbackNeedsAToken() throws Exception {
        assertThatThrownBy(() -> GatewayConfig.of(GatewayFixture.harness(""), URI.create("http://x"))
                .withListen("0.0.0.0", 0)).hasMessageContaining("needs --token");
        try (GatewayFixture f = new GatewayFixture(dir, "", c -> c.withToken("t0ken"), text("Hello."))) {
            assertThat(chat(f, "t1", CHAT.formatted("hi")).statusCode()).isEqualTo(401);
            HttpResponse<String> ok = Http.post(f.base().resolve("/v1/chat/completions"), CHAT.formatted("hi"),
                    List.of("Authorization", "Bearer t0ken"));
            assertThat(ok.statusCode()).isEqualTo(200);
            // The gateway's token is the gateway's: it does not go to the model server.
            assertThat(f.upstream.headers.getLast().getFirst("Authorization")).isNull();
            assertThat(Http.get(f.base().resolve("/bridle/sessions"), List.of()).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aSessionWithoutAHeaderIsNamedByMetadataOrByItsFirstMessages() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", text("Hello."))) {
            Http.post(f.base().resolve("/v1/messages"), "{\"model\":\"c\",\"max_tokens\":5,\"metadata\":{\"user_id\":"
                    + "\"user_abc_session_42\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", List.of());
            assertThat(f.gateway.sessions().find("user_abc_session_42")).isPresent();
            chat(f, null, CHAT.formatted("task one"));
            chat(f, null, CHAT.formatted("task one"));
            chat(f, null, CHAT.formatted("task two"));
            assertThat(f.gateway.sessions().sessions()).filteredOn(s -> s.id().startsWith("openai-chat-"))
                    .extracting(GatewaySession::requests).containsExactlyInAnyOrder(2, 1);
        }
    }

    @Test
    void deniedCallsCanReplaceTheWholeResponse() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "gateway: { denied-call: refuse }",
                new FakeUpstream.Calls("Let me look.", List.of(new FakeUpstream.Call("read_file",
                        "{\"file_path\":\"src/ok.java\"}"), new FakeUpstream.Call("read_file",
                        "{\"file_path\":\"/etc/shadow\"}"))))) {
            JsonNode r = FakeUpstream.JSON.readTree(chat(f, "r1", CHAT.formatted("hi")).body());
            JsonNode m = r.path("choices").path(0).path("message");
            assertThat(m.has("tool_calls")).isFalse();
            assertThat(m.path("content").asText()).contains("/etc/shadow").doesNotContain("Let me look");
        }
    }

    @Test
    void deniedCallsCanBeAnErrorStatus() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "gateway: { denied-call: error }",
                call("read_file", "{\"file_path\":\"/etc/shadow\"}"))) {
            HttpResponse<String> r = chat(f, "x1", CHAT.formatted("hi"));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("read_file was not made: denied by rule 'path-scope'");
        }
    }

    @Test
    void anUnansweredAskTimesOutAsARejection() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "gateway: { approval-timeout: 300ms }",
                call("edit_file", "{\"target_file\":\"src/A.java\"}"))) {
            JsonNode r = FakeUpstream.JSON.readTree(chat(f, "t1", CHAT.formatted("hi")).body());
            assertThat(r.path("choices").path(0).path("message").has("tool_calls")).isFalse();
            assertThat(f.events("t1")).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    RunEvent.ApprovalAnswered.class, a -> assertThat(a.by()).isEqualTo(Approvals.TIMEOUT)));
            assertThat(f.gateway.approvals().waiting()).isEmpty();
        }
    }

    @Test
    void theWebhookHearsOfEveryQuestionAndCanAnswerIt() throws Exception {
        List<JsonNode> heard = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", x -> {
            JsonNode q = FakeUpstream.JSON.readTree(x.getRequestBody().readAllBytes());
            heard.add(q);
            x.sendResponseHeaders(204, -1);
            x.close();
            // The webhook's service answers through the URL it was given, as a chat bot would, with the approver's
            // token it was configured with (the question never carries it).
            Http.post(URI.create(q.path("answer").asText()), "{\"approved\":true,\"by\":\"slack:erin\"}",
                    List.of("Authorization", "Bearer " + GatewayFixture.APPROVER));
        });
        hook.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        hook.start();
        try (GatewayFixture f = new GatewayFixture(dir, "",
                c -> c.withWebhook(URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook")),
                call("edit_file", "{\"target_file\":\"src/A.java\"}"))) {
            JsonNode r = FakeUpstream.JSON.readTree(chat(f, "w1", CHAT.formatted("hi")).body());
            assertThat(r.path("choices").path(0).path("message").path("tool_calls").path(0).path("function")
                    .path("name").asText()).isEqualTo("edit_file");
            assertThat(heard).singleElement().satisfies(q -> assertThat(q.path("rule").asText())
                    .isEqualTo("edit-src"));
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void aNudgeReachesTheModelOnTheNextRequest() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir,
                "  - { id: stall, stall: { after: 1, nudge: \"Use a tool.\" }, stages: [nudge] }", text(""))) {
            chat(f, "n1", CHAT.formatted("hi"));
            chat(f, "n1", CHAT.formatted("hi"));
            JsonNode second = f.upstream.requests.get(1).path("messages");
            assertThat(second.get(second.size() - 1).path("content").asText()).isEqualTo("Use a tool.");
        }
    }

    @Test
    void aContextOverTheWindowHasItsOldestMessagesElidedAndRecorded() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "context: { window: 60, compaction: drop-oldest, keepRecent: 1 }",
                text("ok"))) {
            String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Fix.\"},"
                    + "{\"role\":\"user\",\"content\":\"" + "old words ".repeat(30) + "\"},"
                    + "{\"role\":\"assistant\",\"content\":\"" + "older answer ".repeat(10) + "\"},"
                    + "{\"role\":\"user\",\"content\":\"now\"}]}";
            HttpResponse<String> r = chat(f, "c1", body);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode sent = f.upstream.requests.getFirst().path("messages");
            assertThat(sent.path(1).path("content").asText()).startsWith("[elided by bridle");
            assertThat(sent.path(3).path("content").asText()).isEqualTo("now");
            assertThat(f.events("c1")).anySatisfy(e -> assertThat(e).isInstanceOf(RunEvent.ContextCompacted.class));
        }
    }

    @Test
    void aMessageTooLargeForTheWindowIsCutUpstreamWithANoteAndRecorded() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "context: { window: 80, compaction: drop-oldest, keepRecent: 2 }",
                text("ok"))) {
            // The newest two messages are kept by compaction, and the last alone is over the window: it is cut.
            String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Fix.\"},"
                    + "{\"role\":\"user\",\"content\":\"Read the log.\"},"
                    + "{\"role\":\"user\",\"content\":\"" + "log line ".repeat(200) + "\"}]}";
            HttpResponse<String> r = chat(f, "cut1", body);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode sent = f.upstream.requests.getFirst().path("messages");
            assertThat(sent.path(2).path("content").asText()).startsWith("log line log line")
                    .contains("tokens to fit the context window");
            assertThat(sent.path(1).path("content").asText()).isEqualTo("Read the log.");
            assertThat(f.events("cut1")).anySatisfy(e -> assertThat(e).isInstanceOf(RunEvent.ContextTruncated.class));
            assertThat(f.events("cut1")).filteredOn(e -> e instanceof RunEvent.ModelRequested)
                    .allSatisfy(e -> assertThat(((RunEvent.ModelRequested) e).contextTokens()).isLessThanOrEqualTo(80));
        }
    }

    @Test
    void aContextOverItsTokenBudgetIsStoppedBeforeTheModelIsCalled() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "  - { id: context-budget, tokens: { context: 50 } }",
                text("never"))) {
            JsonNode r = FakeUpstream.JSON.readTree(chat(f, "tok", CHAT.formatted("word ".repeat(200))).body());
            assertThat(r.path("choices").path(0).path("message").path("content").asText())
                    .startsWith("stopped by guard 'context-budget'");
            assertThat(f.upstream.requests).isEmpty();
        }
    }

    @Test
    void ollamaStreamsNdjsonAndDeniedCallsNeverReachTheClient() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", new FakeUpstream.Calls("Reading.", List.of(
                new FakeUpstream.Call("read_file", "{\"file_path\":\"src/A.java\"}"),
                new FakeUpstream.Call("read_file", "{\"file_path\":\"/root/.ssh/id_rsa\"}"))))) {
            HttpResponse<String> r = Http.post(f.base().resolve("/api/chat"), "{\"model\":\"llama3.2\",\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"read\"}]}", List.of(SessionRegistry.HEADER, "o1"));
            List<String> lines = r.body().lines().toList();
            assertThat(FakeUpstream.JSON.readTree(lines.getLast()).path("done").asBoolean()).isTrue();
            assertThat(lines).filteredOn(l -> l.contains("tool_calls")).singleElement()
                    .satisfies(l -> assertThat(l).contains("src/A.java").doesNotContain("id_rsa"));
            assertThat(r.body()).contains("was not made");
        }
    }

    @Test
    void aClientThatStopsReadingDoesNotMakeTheGatewayBuffer() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", text("x".repeat(1000)))) {
            f.upstream.textChunks = 50_000; // 50 MB of text if it were all read
            try (Socket s = new Socket("127.0.0.1", f.gateway.port())) {
                s.setReceiveBufferSize(4096);
                byte[] body = ("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"go\"}]}").getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.flush();
                InputStream in = s.getInputStream();
                byte[] start = in.readNBytes(1000); // the stream starts, then the client stops reading
                assertThat(new String(start, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
                long first = waitUntilSteady(f);
                Thread.sleep(1000);
                long second = f.upstream.streamed.get();
                assertThat(second).isLessThan(50_000_000L / 4).isEqualTo(first);
            }
        }
    }

    /** The upstream's streamed byte count once it has not grown for a whole second (the buffers between are full). */
    private static long waitUntilSteady(GatewayFixture f) throws InterruptedException {
        long last = -1;
        int still = 0;
        for (int i = 0; i < 100 && still < 4; i++) {
            Thread.sleep(250);
            long now = f.upstream.streamed.get();
            still = now == last && now > 0 ? still + 1 : 0;
            last = now;
        }
        return last;
    }
}
