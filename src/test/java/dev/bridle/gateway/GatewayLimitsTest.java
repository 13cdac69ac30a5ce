package dev.bridle.gateway;

import static dev.bridle.gateway.FakeUpstream.call;
import static dev.bridle.gateway.FakeUpstream.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.bridle.event.RunEvent;
import dev.bridle.gateway.GatewayConfig.Limits;
import dev.bridle.policy.Outcome;
import dev.bridle.store.RunSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits an attacker or a long day would break, tried over real HTTP as they would try them: an agent that
 * approves its own calls with the client token, a client that invents a session per request, an idle session, and a
 * model server that sends its headers and then nothing.
 */
class GatewayLimitsTest {

    @TempDir
    Path dir;

    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"stream\":%s,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"%s\"}]}";

    private static HttpResponse<String> chat(GatewayFixture f, String session, List<String> headers) {
        List<String> all = new ArrayList<>(headers);
        all.addAll(List.of(SessionRegistry.HEADER, session));
        return Http.post(f.base().resolve("/v1/chat/completions"), CHAT.formatted(false, "hi"), all);
    }

    // ---- the approver's token

    @Test
    void theClientTokenCannotAnswerTheQuestionItsOwnCallRaised() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", c -> c.withToken("client-secret"),
                call("edit_file", "{\"target_file\":\"src/A.java\"}"))) {
            List<String> client = List.of("Authorization", "Bearer client-secret");
            CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(
                    () -> chat(f, "self-1", client));
            await(() -> !f.gateway.approvals().waiting().isEmpty());
            String id = f.gateway.approvals().waiting().getFirst().id();

            // The agent's own shell tool holds the client token: with it, the approvals API is closed.
            HttpResponse<String> list = Http.get(f.base().resolve(Gateway.ADMIN + "/approvals"), client);
            HttpResponse<String> self = Http.post(f.base().resolve(Gateway.ADMIN + "/approvals/" + id),
                    "{\"approved\":true,\"by\":\"agent\"}", client);
            HttpResponse<String> none = Http.post(f.base().resolve(Gateway.ADMIN + "/approvals/" + id),
                    "{\"approved\":true,\"by\":\"agent\"}", List.of());
            assertThat(list.statusCode()).isEqualTo(403);
            assertThat(self.statusCode()).isEqualTo(403);
            assertThat(self.body()).contains("the client token cannot answer approvals");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(f.gateway.approvals().waiting()).extracting(Approvals.Question::id).containsExactly(id);
            assertThat(held).isNotDone();

            // The approver's token answers, and the model endpoints do not take it.
            List<String> approver = List.of("Authorization", "Bearer " + GatewayFixture.APPROVER);
            assertThat(Http.get(f.base().resolve(Gateway.ADMIN + "/approvals"), approver).body()).contains(id);
            assertThat(Http.post(f.base().resolve(Gateway.ADMIN + "/approvals/" + id),
                    "{\"approved\":true,\"by\":\"alice\"}", approver).statusCode()).isEqualTo(200);
            assertThat(held.get(10, TimeUnit.SECONDS).body()).contains("edit_file");
            assertThat(chat(f, "self-2", approver).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void withoutAnApproverTokenApprovalsOverHttpAreRefusedWithHowToTurnThemOn() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                c -> new GatewayConfig(c.harness(), "", c.upstream(), c.host(), c.port(), c.token(),
                        Optional.empty(), c.upstreamKey(), c.maxRequestBytes(), c.store(), c.webhook(),
                        c.limits(), c.tls(), c.clock()),
                text("Hello."))) {
            HttpResponse<String> r = Http.get(f.base().resolve(Gateway.ADMIN + "/approvals"), List.of());
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("approvals over HTTP are off", "--approver-token", "BRIDLE_APPROVER_TOKEN");
            assertThat(chat(f, "s", List.of()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anApproverTokenEqualToTheClientTokenIsRefusedAtStart() throws Exception {
        GatewayConfig c = GatewayConfig.of(GatewayFixture.harness(""), URI.create("http://127.0.0.1:9"))
                .withToken("same");
        assertThatThrownBy(() -> c.withApproverToken("same"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ from --token");
    }

    // ---- sessions: idle timeout and cap

    @Test
    void anIdleSessionIsStoppedByItsRuleRecordedAndALaterRequestIsToldWhy() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                c -> c.withLimits(c.limits().withIdleTimeout(Duration.ofMillis(300))), text("Hello."))) {
            assertThat(chat(f, "idle-1", List.of()).statusCode()).isEqualTo(200);
            // The store has the session's run (the gateway may have forgotten the session already).
            String run = f.store.runs().getFirst().id();

            await(() -> f.gateway.sessions().find("idle-1").isEmpty());

            RunSummary summary = f.store.run(run).orElseThrow();
            assertThat(summary.outcome()).contains(Outcome.STOPPED);
            assertThat(summary.rule()).isEqualTo(Limits.IDLE_RULE);
            assertThat(summary.reason()).contains("no request for 300ms");
            assertThat(f.store.events(run).getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class,
                    e -> assertThat(e.rule()).isEqualTo(Limits.IDLE_RULE));
            int upstreamCalls = f.upstream.requests.size();

            HttpResponse<String> later = chat(f, "idle-1", List.of());
            assertThat(later.statusCode()).isEqualTo(403);
            assertThat(later.body()).contains("session 'idle-1' has ended", Limits.IDLE_RULE,
                    "start a new session");
            assertThat(f.upstream.requests).hasSize(upstreamCalls);
            // Idling does not buy a fresh budget: the name stays ended; a new name is a new run.
            assertThat(f.store.runs()).hasSize(1);
            assertThat(chat(f, "idle-2", List.of()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anExchangeLongerThanTheIdleTimeoutIsNotIdlenessWhenItsAnswerComes() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                c -> c.withLimits(c.limits().withIdleTimeout(Duration.ofMillis(600))),
                call("edit_file", "{\"target_file\":\"src/A.java\"}"), text("Done."))) {
            CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(
                    () -> chat(f, "slow-1", List.of()));
            await(() -> !f.gateway.approvals().waiting().isEmpty());
            // A human takes more than two idle timeouts to answer; the session is busy, not idle, meanwhile.
            Thread.sleep(1500);
            String id = f.gateway.approvals().waiting().getFirst().id();
            assertThat(Http.post(f.base().resolve(Gateway.ADMIN + "/approvals/" + id), "{\"approved\":true}",
                    List.of("Authorization", "Bearer " + GatewayFixture.APPROVER)).statusCode()).isEqualTo(200);
            assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

            // The agent runs its tool (a while, well within the idle timeout counted from the answer), then goes on.
            Thread.sleep(250);
            HttpResponse<String> next = chat(f, "slow-1", List.of());
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            assertThat(next.body()).contains("Done.");
        }
    }

    @Test
    void aHookSessionForgottenForIdlenessIsAnsweredStopByTheIdleRule() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                c -> c.withLimits(c.limits().withIdleTimeout(Duration.ofMillis(300))), text("unused"))) {
            String read = "{\"tool\":\"read_file\",\"args\":{\"file_path\":\"src/A.java\"}}";
            URI decide = f.base().resolve(DecisionApi.PREFIX + "/tool-call");
            assertThat(Http.post(decide, read, List.of(SessionRegistry.HEADER, "hook-1")).body())
                    .contains("\"decision\":\"allow\"");

            await(() -> f.gateway.sessions().find("hook-1").isEmpty());

            JsonNode later = FakeUpstream.JSON.readTree(Http.post(decide, read, List.of(SessionRegistry.HEADER,
                    "hook-1")).body());
            assertThat(later.path("decision").asText()).isEqualTo("stop");
            assertThat(later.path("rule").asText()).isEqualTo(Limits.IDLE_RULE);
            assertThat(later.path("reason").asText()).contains("no request for 300ms");
            assertThat(f.store.runs()).singleElement().satisfies(r -> assertThat(r.rule())
                    .isEqualTo(Limits.IDLE_RULE));
        }
    }

    @Test
    void aNewSessionBeyondTheCapGets429NamingTheLimitAndOpenSessionsGoOn() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "",
                c -> c.withLimits(c.limits().withMaxSessions(3)), text("Hello."))) {
            for (String s : List.of("a", "b", "c")) {
                assertThat(chat(f, s, List.of()).statusCode()).isEqualTo(200);
            }
            int upstreamCalls = f.upstream.requests.size();
            for (int i = 0; i < 20; i++) {
                // A client that invents a session per request.
                HttpResponse<String> r = chat(f, "invented-" + i, List.of());
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(r.body()).contains("--max-sessions 3", Limits.CAP_RULE);
            }
            assertThat(f.upstream.requests).hasSize(upstreamCalls);
            assertThat(f.gateway.sessions().size()).isEqualTo(3);
            assertThat(f.store.runs()).hasSize(3);
            for (String s : List.of("a", "b", "c")) {
                assertThat(chat(f, s, List.of()).statusCode()).isEqualTo(200);
            }
            assertThat(f.gateway.sessions().find("a").orElseThrow().requests()).isEqualTo(2);
        }
    }

    @Test
    void aSessionEndedByAGuardMakesRoomUnderTheCapAndStaysEnded() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "  - { id: short, steps: { max: 1 } }",
                c -> c.withLimits(c.limits().withMaxSessions(1)), text("Hello."))) {
            assertThat(chat(f, "first", List.of()).statusCode()).isEqualTo(200);
            assertThat(chat(f, "first", List.of()).body()).contains("stopped by guard 'short'");
            assertThat(chat(f, "second", List.of()).statusCode()).isEqualTo(200);
            HttpResponse<String> again = chat(f, "first", List.of());
            assertThat(again.statusCode()).isEqualTo(403);
            assertThat(again.body()).contains("stopped by guard 'short'");
        }
    }

    // ---- a stalled upstream

    @Test
    void aStalledUpstreamIsCutByItsRuleAndASecondRequestIsToldTheSessionIsBusy() throws Exception {
        try (Stalling stalling = new Stalling();
                GatewayFixture f = new GatewayFixture(dir, "", c -> new GatewayConfig(c.harness(), "",
                        stalling.url(), c.host(), c.port(), c.token(), c.approverToken(), c.upstreamKey(),
                        c.maxRequestBytes(), c.store(), c.webhook(), c.limits()
                                .withUpstreamTimeout(Duration.ofSeconds(2)).withSessionWait(Duration.ofMillis(200)),
                        c.tls(), c.clock()), text("unused"))) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest stream = HttpRequest.newBuilder(f.base().resolve("/v1/chat/completions"))
                    .header(SessionRegistry.HEADER, "stall-1").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(true, "stall"))).build();
            long t0 = System.nanoTime();
            CompletableFuture<HttpResponse<String>> first = client.sendAsync(stream,
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stalling.stalled.await(10, TimeUnit.SECONDS)).isTrue();

            // The same session while the first request waits on the stalled model: refused, not hung.
            long t1 = System.nanoTime();
            HttpResponse<String> second = chat(f, "stall-1", List.of());
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.body()).contains("session 'stall-1' is busy", Limits.BUSY_RULE);
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(2));

            // The stall is cut after the limit: the client is told why, in the API's own error shape.
            HttpResponse<String> cut = first.get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(cut.body()).contains("\"content\":\"Hel\"", "\"error\"", "the upstream sent nothing for 2s",
                    Limits.UPSTREAM_RULE);

            // The session is free again, and its run records the failure with its rule.
            HttpResponse<String> third = chat(f, "stall-1", List.of());
            assertThat(third.statusCode()).isEqualTo(200);
            assertThat(f.events("stall-1")).filteredOn(RunEvent.ErrorHandled.class::isInstance)
                    .extracting(e -> ((RunEvent.ErrorHandled) e).error())
                    .anySatisfy(e -> assertThat(e).contains(Limits.UPSTREAM_RULE));
        }
    }

    @Test
    void aWholeAnswerThatStallsMidBodyIsA502NamingTheRule() throws Exception {
        try (Stalling stalling = new Stalling();
                GatewayFixture f = new GatewayFixture(dir, "", c -> new GatewayConfig(c.harness(), "",
                        stalling.url(), c.host(), c.port(), c.token(), c.approverToken(), c.upstreamKey(),
                        c.maxRequestBytes(), c.store(), c.webhook(),
                        c.limits().withUpstreamTimeout(Duration.ofSeconds(1)), c.tls(), c.clock()), text("unused"))) {
            HttpResponse<String> r = Http.post(f.base().resolve("/v1/chat/completions"),
                    CHAT.formatted(false, "stall"), List.of(SessionRegistry.HEADER, "stall-2"));
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).contains("the upstream sent nothing for 1s", Limits.UPSTREAM_RULE);
            assertThat(chat(f, "stall-2", List.of()).statusCode()).isEqualTo(200);
        }
    }

    /**
     * A model server that, asked about "stall", sends its headers and the first piece of its answer, then nothing
     * (until it is closed); anything else it answers at once.
     */
    private static final class Stalling implements AutoCloseable {
        final HttpServer server;
        final CountDownLatch stalled = new CountDownLatch(1);
        private final CountDownLatch closing = new CountDownLatch(1);
        private final AtomicInteger ids = new AtomicInteger();

        Stalling() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", x -> {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean stream = body.contains("\"stream\":true");
                String id = "chatcmpl-" + ids.incrementAndGet();
                try (x) {
                    if (!body.contains("stall")) {
                        byte[] whole = ("{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1,"
                                + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                                + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
                        x.getResponseHeaders().set("Content-Type", "application/json");
                        x.sendResponseHeaders(200, whole.length);
                        x.getResponseBody().write(whole);
                        return;
                    }
                    OutputStream out = x.getResponseBody();
                    if (stream) {
                        x.getResponseHeaders().set("Content-Type", "text/event-stream");
                        x.sendResponseHeaders(200, 0);
                        out.write(("data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                                + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                                + "\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
                    } else {
                        x.getResponseHeaders().set("Content-Type", "application/json");
                        x.sendResponseHeaders(200, 500);
                        out.write("{\"id\":\"".getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                    stalled.countDown();
                    closing.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    // The gateway cut the connection: what this server is for.
                }
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            closing.countDown();
            server.stop(0);
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the condition did not hold within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
