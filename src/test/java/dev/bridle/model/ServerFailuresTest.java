package dev.bridle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a real model binding fails: every failure ends the call with a kind and a one-line message. */
class ServerFailuresTest {

    private static final RetryPolicy QUICK =
            new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofSeconds(5));
    private static final String FINAL = "ollama/chat-final-response.json";

    private final WireServer server = WireServer.start();
    private final Fakes fakes = Fakes.quiet();

    @AfterEach
    void close() {
        server.close();
    }

    /** Short timeouts, for the tests that wait for one to pass. */
    private ServerConfig config(URI base) {
        return ServerConfig.of(base, "llama3.2").withRetry(QUICK)
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500));
    }

    /** Timeouts long enough that a loaded machine never hits them, for the tests about answers. */
    private ServerConfig patient(URI base) {
        return ServerConfig.of(base, "llama3.2").withRetry(QUICK)
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private ModelResponse ask(ServerConfig config) throws ModelException {
        try (OllamaModel model = new OllamaModel(config, fakes.surroundings)) {
            return model.respond(new ModelRequest("a", List.of(Message.user("hi")), List.of()));
        }
    }

    private static void assertFails(ThrowingCallable call, ModelException.Kind kind, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void connectionRefusedIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);

        assertFails(() -> ask(config(base)), ModelException.Kind.UNREACHABLE,
                "model unreachable (connection refused: http://127.0.0.1:" + port + ")");
        assertThat(fakes.waits).isEmpty();
    }

    @Test
    void connectionRefusedFailsAtOnceUnderTheDefaultRetriesUnlikeA503() {
        int port = DeadServers.closedPort();
        ServerConfig defaults = ServerConfig.of(URI.create("http://127.0.0.1:" + port), "llama3.2");
        long start = System.nanoTime();

        assertFails(() -> ask(defaults), ModelException.Kind.UNREACHABLE,
                "model unreachable (connection refused: http://127.0.0.1:" + port + ")");
        assertThat(defaults.retry().maxRetries()).isPositive();
        assertThat(fakes.waits).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aServerThatTakesNoConnectionIsUnreachableAfterTheDefaultTwoSecondConnectTimeout() {
        Optional<DeadServers.Listener> dropping = DeadServers.silentlyDropping();
        assumeTrue(dropping.isPresent(), "this system answers connection attempts to a full queue");
        try (DeadServers.Listener listener = dropping.get()) {
            String base = "http://127.0.0.1:" + listener.port();
            ServerConfig defaults = ServerConfig.of(URI.create(base), "llama3.2");
            long start = System.nanoTime();

            assertFails(() -> ask(defaults), ModelException.Kind.UNREACHABLE,
                    "model unreachable (no connection within 2s: " + base + ")");
            assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(fakes.waits).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void theConnectTimeoutIsSettable() {
        Optional<DeadServers.Listener> dropping = DeadServers.silentlyDropping();
        assumeTrue(dropping.isPresent(), "this system answers connection attempts to a full queue");
        try (DeadServers.Listener listener = dropping.get()) {
            String base = "http://127.0.0.1:" + listener.port();

            assertFails(() -> ask(ServerConfig.of(URI.create(base), "llama3.2")
                    .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(30))), ModelException.Kind.UNREACHABLE,
                    "model unreachable (no connection within 300ms: " + base + ")");
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTimesOutAfterTheRequestTimeoutWithoutRetry() {
        try (DeadServers.Listener silent = DeadServers.acceptingAndSilent()) {
            String base = "http://127.0.0.1:" + silent.port();
            ServerConfig config = ServerConfig.of(URI.create(base), "llama3.2")
                    .withTimeouts(ServerConfig.CONNECT_TIMEOUT, Duration.ofSeconds(1));

            assertFails(() -> ask(config), ModelException.Kind.TIMEOUT,
                    "model timed out (no answer within 1s: " + base + ")");
            assertThat(fakes.waits).isEmpty();
        }
    }

    @Test
    void unknownHostIsADnsFailure() {
        URI base = URI.create("http://no-such-host.invalid:11434");

        assertFails(() -> ask(config(base)), ModelException.Kind.DNS,
                "model host not found (DNS lookup failed for no-such-host.invalid: http://no-such-host.invalid:11434)");
    }

    @Test
    void serverThatNeverAnswersTimesOutWithinTheRequestTimeout() {
        server.stall();
        long start = System.nanoTime();

        assertFails(() -> ask(config(server.base(""))), ModelException.Kind.TIMEOUT,
                "model timed out (no answer within 500ms: " + server.base("") + ")");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void answerWhoseBodyStallsAlsoTimesOut() {
        server.stallInBody();
        long start = System.nanoTime();

        assertFails(() -> ask(config(server.base(""))), ModelException.Kind.TIMEOUT,
                "model timed out (no answer within 500ms: " + server.base("") + ")");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void serverErrorIsRetriedWithExponentialCappedBackoffThenFails() {
        server.reply(500, "{\"error\":\"CUDA out of memory\"}")
                .reply(503, "")
                .reply(500, "{\"error\":\"CUDA out of memory\"}");

        assertFails(() -> ask(patient(server.base(""))), ModelException.Kind.SERVER_ERROR,
                "model server error (HTTP 500 after 3 attempts: CUDA out of memory: " + server.base("") + ")");
        assertThat(server.received()).hasSize(3);
        assertThat(fakes.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
    }

    @Test
    void serverErrorThenSuccessAnswers() throws Exception {
        server.reply(502, "bad gateway").replyWith(FINAL);

        ModelResponse response = ask(patient(server.base("")));

        assertThat(response.text()).isEqualTo("It is 22°C and sunny in Paris today.");
        assertThat(fakes.waits).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void rateLimitHonoursRetryAfterSeconds() throws Exception {
        server.reply(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "3")).replyWith(FINAL);

        ask(patient(server.base("")));

        assertThat(fakes.waits).containsExactly(Duration.ofSeconds(3));
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void serviceUnavailableWithRetryAfterIsHonouredToo() throws Exception {
        server.reply(503, "loading model", Map.of("Retry-After", "2")).replyWith(FINAL);

        ask(patient(server.base("")));

        assertThat(fakes.waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void rateLimitRetryAfterIsCapped() throws Exception {
        server.reply(429, "", Map.of("Retry-After", "3600")).replyWith(FINAL);

        ask(patient(server.base("")));

        assertThat(fakes.waits).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void rateLimitHonoursRetryAfterAsAnHttpDate() throws Exception {
        String inTwoSeconds =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(Fakes.NOW.plusSeconds(2).atZone(ZoneOffset.UTC));
        server.reply(429, "", Map.of("Retry-After", inTwoSeconds)).replyWith(FINAL);

        ask(patient(server.base("")));

        assertThat(fakes.waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void rateLimitWithoutRetryAfterBacksOffAndFailsWhenRetriesRunOut() {
        server.reply(429, "{\"error\":{\"message\":\"Rate limit reached\"}}")
                .reply(429, "{\"error\":{\"message\":\"Rate limit reached\"}}")
                .reply(429, "{\"error\":{\"message\":\"Rate limit reached\"}}");

        assertFails(() -> ask(patient(server.base(""))), ModelException.Kind.RATE_LIMITED,
                "model rate-limited (HTTP 429 after 3 attempts: Rate limit reached: " + server.base("") + ")");
        assertThat(fakes.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
    }

    @Test
    void clientErrorOtherThan429IsNotRetried() {
        server.reply(404, "{\"error\":\"model \\\"llama3.2\\\" not found, try pulling it first\"}");

        assertFails(() -> ask(patient(server.base(""))), ModelException.Kind.REJECTED,
                "model request rejected (HTTP 404: model \"llama3.2\" not found, try pulling it first: "
                        + server.base("") + ")");
        assertThat(server.received()).hasSize(1);
        assertThat(fakes.waits).isEmpty();
    }

    @Test
    void malformedJsonIsReportedOnOneLine() {
        server.reply(200, "{\"message\": {\"role\": \"assistant\",\n \"content\": ");

        assertThatThrownBy(() -> ask(patient(server.base(""))))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ModelException.Kind.MALFORMED_RESPONSE);
                    assertThat(e.getMessage()).startsWith("model answered with malformed JSON (")
                            .endsWith(": " + server.base("") + ")")
                            .doesNotContain("\n");
                });
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void noRetryPolicyMakesOneAttempt() {
        server.reply(500, "boom");

        assertFails(() -> ask(config(server.base("")).withRetry(RetryPolicy.NONE)), ModelException.Kind.SERVER_ERROR,
                "model server error (HTTP 500: boom: " + server.base("") + ")");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void longestCallIsEveryAttemptsTimeoutPlusTheLongestWaits() {
        ServerConfig config = config(server.base(""));

        assertThat(config.longestCall()).isEqualTo(Duration.ofMillis(3 * 500 + 2 * 5000));
        assertThat(ServerConfig.of(ServerConfig.OLLAMA_URL, "m").longestCall())
                .isEqualTo(Duration.ofSeconds(3 * 120 + 2 * 30));
    }

    @Test
    void retriedCallThatEndsInATimeoutStaysWithinTheBound() {
        server.reply(500, "busy").reply(503, "busy").stall();
        ServerConfig config = config(server.base(""));
        long start = System.nanoTime();

        assertFails(() -> ask(config), ModelException.Kind.TIMEOUT,
                "model timed out (no answer within 500ms: " + server.base("") + ")");
        assertThat(server.received()).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(config.longestCall());
    }
}
