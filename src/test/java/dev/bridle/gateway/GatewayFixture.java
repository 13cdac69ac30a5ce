package dev.bridle.gateway;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in front of a {@link FakeUpstream}, recording into a real H2 store in a test's folder, with the harness of
 * a typical coding agent: reads under src/ allowed, edits under src/ asked, anything else denied, a loop guard.
 */
final class GatewayFixture implements AutoCloseable {

    static final String HARNESS = """
            bridle: 1
            name: gateway-test
            agents:
              coder:
                system: You fix the build.
                tools: [read_file, edit_file, run_terminal_cmd, web_fetch]
            tools:
              read_file: { reads: file_path }
              edit_file: { writes: target_file }
              run_terminal_cmd: { runs: command }
              web_fetch: { fetches: url }
            workflow:
              start: code
              nodes:
                code: { agent: coder, next: done }
                done: { end: completed }
            guards:
              - { id: loop, loop: { window: 6, repeats: 3 } }
              - { id: budget, steps: { max: 40 } }
            permissions:
              default: deny
              rules:
                - { id: read-src, allow: read_file, paths: ["src/**"] }
                - { id: edit-src, ask: edit_file, paths: ["src/**"] }
            %s
            """;

    /** The approver's token every fixture gateway has; the approvals endpoints accept only it. */
    static final String APPROVER = "approver-secret-7";

    final FakeUpstream upstream;
    final RunStore store;
    final Gateway gateway;
    private final ScheduledExecutorService approver = Executors.newSingleThreadScheduledExecutor();

    GatewayFixture(Path dir, String extra, FakeUpstream.Step... script) throws Exception {
        this(dir, extra, c -> c, script);
    }

    GatewayFixture(Path dir, String extra, java.util.function.UnaryOperator<GatewayConfig> tune,
            FakeUpstream.Step... script) throws Exception {
        upstream = new FakeUpstream(script);
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
        gateway = Gateway.start(tune.apply(GatewayConfig.of(harness(extra), upstream.url()).withStore(store)
                .withApproverToken(APPROVER)));
    }

    static Harness harness(String extra) throws Exception {
        String text = HARNESS.formatted(extra);
        // An extra guard (a line that starts with "  - ") joins the guards; anything else is a section of its own.
        if (extra.startsWith("  - ")) {
            text = HARNESS.formatted("").replace("guards:\n", "guards:\n" + extra + "\n");
        }
        return HarnessReader.parse("gateway-test.harness.yaml", text).harness();
    }

    URI base() {
        return gateway.baseUrl();
    }

    /** Answers every question that comes up, as a human at the approvals endpoint would (over HTTP). */
    void approveAll(boolean approved, String by) {
        approver.scheduleWithFixedDelay(() -> {
            for (Approvals.Question q : gateway.approvals().waiting()) {
                Http.post(base().resolve(Gateway.ADMIN + "/approvals/" + q.id()),
                        "{\"approved\":" + approved + ",\"by\":\"" + by + "\"}",
                        List.of("Authorization", "Bearer " + APPROVER));
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
    }

    /** The events of session {@code id}'s run, as the store has them. */
    List<RunEvent> events(String id) {
        GatewaySession s = gateway.sessions().find(id).orElseThrow(() -> new AssertionError("no session " + id));
        s.flush();
        return store.events(s.runId());
    }

    static List<String> kinds(List<RunEvent> events) {
        return events.stream().map(RunEvent::kind).toList();
    }

    @Override
    public void close() {
        approver.shutdownNow();
        try {
            approver.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gateway.close();
        store.close();
        upstream.close();
    }

    static Duration shortWait() {
        return Duration.ofSeconds(5);
    }
}
