package dev.bridle.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.Samples;
import dev.bridle.cli.Main;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision API as {@code docs/gateway.md} shows it: its curl lines are read from the page and sent, as curl sends
 * them, to a real gateway running the sample coding-agent harness with a real H2 store; each answer must be the one
 * the page prints under it. Then the loop the page describes, and an {@code ask} answered by {@code bridle approve}.
 */
class DecisionApiDocTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CURL = Pattern.compile(
            "^curl -s localhost:8787(\\S+) -H '([^:]+): ([^']+)' -d '(.*)'$");

    @TempDir
    Path dir;

    private RunStore store;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
        gateway = Gateway.start(GatewayConfig.of(
                HarnessReader.read(Samples.harness("coding-agent")).harness(),
                URI.create("http://127.0.0.1:9")) // never called: the decision API does not go upstream
                .withStore(store).withApproverToken(GatewayFixture.APPROVER));
    }

    @AfterEach
    void stop() {
        gateway.close();
        store.close();
    }

    /** One curl line of the page and the answer printed under it. */
    record Example(String path, String header, String value, String body, JsonNode expected) {}

    @Test
    void theCurlLinesOfTheDocsGetTheAnswersTheDocsShow() throws Exception {
        List<Example> examples = examples();
        assertThat(examples).hasSize(4);
        for (Example e : examples) {
            JsonNode got = send(e);
            for (String field : List.of("decision", "rule", "reason", "session")) {
                if (e.expected().has(field)) {
                    assertThat(got.path(field).asText()).as("%s %s: %s", e.path(), field, got)
                            .isEqualTo(e.expected().get(field).asText());
                }
            }
            assertThat(got.path("run").asText()).isNotBlank();
        }

        // "The same read and step twice more, and the third step answers stop by rule 'loop'."
        Example read = examples.get(1);
        Example step = examples.get(3);
        JsonNode last = null;
        for (int i = 0; i < 2; i++) {
            assertThat(send(read).path("decision").asText()).isEqualTo("allow");
            last = send(step);
        }
        assertThat(last.path("decision").asText()).isEqualTo("stop");
        assertThat(last.path("rule").asText()).isEqualTo("loop");
        assertThat(last.path("reason").asText()).startsWith("guard 'loop' (loop.window=6, loop.repeats=3");
        JsonNode after = send(read);
        assertThat(after.path("decision").asText()).isEqualTo("stop");
        assertThat(after.path("rule").asText()).isEqualTo("session.ended");

        // The session is a run in the store, with the gateway's events.
        GatewaySession s = gateway.sessions().find("fix-42").orElseThrow();
        s.flush();
        List<String> kinds = store.events(s.runId()).stream().map(RunEvent::kind).toList();
        assertThat(kinds).contains("run.started", "model.requested", "tool.requested", "permission.checked",
                "tool.completed", "guard.triggered", "run.ended");
        assertThat(store.run(s.runId()).orElseThrow().rule()).isEqualTo("loop");
    }

    @Test
    void anAskWaitsUntilBridleApproveAnswersIt() throws Exception {
        Example ask = new Example("/v1/decide/tool-call", "X-Bridle-Session", "fix-7",
                "{\"tool\": \"run_terminal_cmd\", \"args\": {\"command\": \"mvn test\"}}", null);
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> send(ask));
        for (int i = 0; i < 500 && gateway.approvals().waiting().isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(waiting).isNotDone();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"approve", "fix-7", "--gateway", gateway.baseUrl().toString(),
            "--by", "alice", "--approver-token", GatewayFixture.APPROVER}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("approved: ").contains("rule 'run-tests-asks'", "session fix-7");
        JsonNode answer = waiting.get(10, TimeUnit.SECONDS);
        assertThat(answer.path("decision").asText()).isEqualTo("allow");
        assertThat(answer.path("rule").asText()).isEqualTo("run-tests-asks");

        // --reject: the next ask is denied by the rule that asked; with nothing waiting, approve says so (exit 1).
        CompletableFuture<JsonNode> second = CompletableFuture.supplyAsync(() -> send(ask));
        for (int i = 0; i < 500 && gateway.approvals().waiting().isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(Main.execute(new String[] {"approve", "fix-7", "--reject", "--gateway",
            gateway.baseUrl().toString(), "--approver-token", GatewayFixture.APPROVER}, new PrintWriter(out, true), new PrintWriter(err, true))).isZero();
        assertThat(second.get(10, TimeUnit.SECONDS).path("decision").asText()).isEqualTo("deny");
        StringWriter none = new StringWriter();
        assertThat(Main.execute(new String[] {"approve", "fix-7", "--gateway", gateway.baseUrl().toString(),
            "--approver-token", GatewayFixture.APPROVER},
                new PrintWriter(none, true), new PrintWriter(err, true))).isEqualTo(1);
        assertThat(none.toString()).contains("no question of session 'fix-7' is waiting");
    }

    @Test
    void aDecisionWithoutASessionOrWithBadJsonIsA400ThatNamesTheProblem() {
        HttpResponse<String> noSession = Http.post(gateway.baseUrl().resolve("/v1/decide/tool-call"),
                "{\"tool\":\"read_file\",\"args\":{}}", List.of());
        assertThat(noSession.statusCode()).isEqualTo(400);
        assertThat(noSession.body()).contains("X-Bridle-Session");
        HttpResponse<String> bad = Http.post(gateway.baseUrl().resolve("/v1/decide/step"), "{not json",
                List.of("X-Bridle-Session", "x"));
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> noTool = Http.post(gateway.baseUrl().resolve("/v1/decide/tool-call"), "{}",
                List.of("X-Bridle-Session", "x"));
        assertThat(noTool.statusCode()).isEqualTo(400);
        assertThat(noTool.body()).contains("'tool'");
    }

    private JsonNode send(Example e) {
        HttpResponse<String> r = Http.post(gateway.baseUrl().resolve(e.path()), e.body(),
                List.of(e.header(), e.value()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.body());
        } catch (Exception x) {
            throw new AssertionError("not JSON: " + r.body(), x);
        }
    }

    private static List<Example> examples() throws Exception {
        String page = Files.readString(Path.of("docs/gateway.md"));
        String block = page.substring(page.indexOf("<!-- decision-api-example"),
                page.indexOf("<!-- /decision-api-example -->"));
        List<String> lines = block.lines().toList();
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = CURL.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String answer = lines.get(i + 1);
            assertThat(answer).as("the line under a curl line shows its answer").startsWith("# {");
            JsonNode expected = JSON.readTree(answer.substring(2));
            out.add(new Example(m.group(1), m.group(2), m.group(3), m.group(4), expected));
        }
        return out;
    }
}
