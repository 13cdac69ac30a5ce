package dev.bridle.scenario;

import dev.bridle.engine.Approver;
import dev.bridle.engine.Bindings;
import dev.bridle.engine.Engine;
import dev.bridle.access.PathScope;
import dev.bridle.engine.PermissionGate;
import dev.bridle.tool.BuiltInTools;
import dev.bridle.tool.sandbox.Sandbox;
import dev.bridle.tool.ToolPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.bridle.engine.RunSnapshot;
import dev.bridle.event.RunEvent;
import dev.bridle.engine.RunResult;
import dev.bridle.event.EventSink;
import dev.bridle.model.ModelPort;
import dev.bridle.model.ScriptedModel;
import dev.bridle.model.TokenCounter;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Scenario;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.store.Durability;
import dev.bridle.store.Recording;
import dev.bridle.store.RunStart;
import dev.bridle.store.RunStore;
import dev.bridle.tool.StubTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a harness against a scenario's scripted model and tool stubs, records the run when a store is given, and
 * compares the result with the scenario's expectations.
 */
public final class ScenarioRunner {

    private final Optional<RunStore> store;
    private final Clock clock;
    private final Supplier<String> runIds;
    private final Approver fallback;
    /** {@code null}: the store's. */
    private final Durability durability;
    /** How many of the last events a report keeps; {@link #ALL_EVENTS}: every one. */
    private final int tail;

    /** A report of a runner made with this keeps every event of its run. */
    static final int ALL_EVENTS = -1;

    public ScenarioRunner(Optional<RunStore> store, Clock clock, Supplier<String> runIds) {
        this(store, clock, runIds, NO_ONE);
    }

    /**
     * A runner whose runs ask {@code fallback} (a dialog, a terminal prompt) once a scenario's scripted approvals run
     * out.
     */
    public ScenarioRunner(Optional<RunStore> store, Clock clock, Supplier<String> runIds, Approver fallback) {
        this(store, clock, runIds, fallback, null, ALL_EVENTS);
    }

    private ScenarioRunner(Optional<RunStore> store, Clock clock, Supplier<String> runIds, Approver fallback,
            Durability durability, int tail) {
        this.store = store;
        this.clock = clock;
        this.runIds = runIds;
        this.fallback = fallback;
        this.durability = durability;
        this.tail = tail;
    }

    /**
     * This runner, recording with {@code durability}; at first runs are recorded with the store's
     * {@link RunStore#durability()} (as {@code bridle run --durability} sets it).
     */
    public ScenarioRunner recording(Durability durability) {
        return new ScenarioRunner(store, clock, runIds, fallback, durability, tail);
    }

    /**
     * This runner, whose reports keep only the last {@code tail} events (none at 0) instead of every one, so that a
     * long run's memory does not grow with its length (the CLI's {@code run} and {@code test}). The expectations are
     * judged as before: the runner keeps the few events they read.
     */
    public ScenarioRunner keepingLast(int tail) {
        if (tail < 0) {
            throw new IllegalArgumentException("a tail of events cannot be negative: " + tail);
        }
        return new ScenarioRunner(store, clock, runIds, fallback, durability, tail);
    }

    /** With no script answer left and nobody to ask, a question times out, which rejects. */
    private static final Approver NO_ONE = q -> new Approver.Answer(false, "timeout (the script has no more answers)");

    /**
     * What a scenario run gave.
     *
     * @param runId the id the run is stored under, or empty when nothing was recorded
     * @param mismatches every expectation that was not met, in words; empty when all were
     * @param events every event of the run, or its last ones when the runner was made with {@link #keepingLast}
     */
    public record Report(
            Optional<String> runId,
            HarnessReader.Loaded harness,
            ScenarioReader.Loaded scenario,
            RunResult result,
            List<String> mismatches,
            List<RunEvent> events) {
        public boolean passed() {
            return mismatches.isEmpty();
        }
    }

    /** Runs {@code scenarioFile} against the harness it names. */
    public Report run(Path scenarioFile, EventSink listener) throws DocumentException {
        ScenarioReader.Loaded scenario = ScenarioReader.read(scenarioFile);
        return run(HarnessReader.read(scenario.harnessFile()), scenario, listener);
    }

    /** Runs {@code scenario} against {@code harness}, which may be another than the one the scenario names. */
    public Report run(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario, EventSink listener) {
        return prepare(harness, scenario, listener).run();
    }

    /**
     * Sets up a run without starting it, so that a debugger can attach to its engine first.
     *
     * @param listener sees every event, after the store has it
     */
    public Prepared prepare(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario, EventSink listener) {
        Scenario s = scenario.scenario();
        return prepare(harness, scenario, listener, new ScriptedModel(s.name(), s.script(), TokenCounter.cl100k()),
                Bindings.Pause.none());
    }

    /**
     * Sets up a run of a scenario's task, tools, workspace and approvals against another model, such as a local one:
     * the harness is then tested against real behaviour with scripted surroundings.
     */
    public Prepared prepare(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario, EventSink listener,
            ModelPort model, Bindings.Pause pause) {
        Scenario s = scenario.scenario();
        Kept events = tail == ALL_EVENTS ? new Kept.All(new ArrayList<>())
                : new Kept.Some(new KeptEvents(s.expect(), tail));
        EventSink sink = events.sink().andThen(listener);
        Optional<String> runId = Optional.empty();
        Optional<Recording> recording = Optional.empty();
        if (store.isPresent()) {
            Recording r = store.get().begin(new RunStart(runIds.get(), harness.harness().name(),
                    digest(harness.source().text()), model.binding(), clock.instant()),
                    durability != null ? durability : store.get().durability());
            recording = Optional.of(r);
            runId = Optional.of(r.runId());
            sink = r.andThen(sink);
        }
        ScriptedAnswers answers = new ScriptedAnswers(s, fallback);
        Optional<ScenarioWorkspace> workspace = s.workspace().map(ScenarioWorkspace::create);
        PermissionGate gate;
        ToolPort tools;
        StubTools stubs = new StubTools(s.tools());
        if (workspace.isPresent()) {
            PathScope scope;
            try {
                scope = PathScope.of(workspace.get().workspace());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            gate = PermissionGate.of(harness.harness(), Optional.of(scope));
            BuiltInTools builtIn = BuiltInTools.files(scope, gate.rules(),
                Sandbox.forMode(harness.harness().sandbox()));
            tools = (agent, call) -> stubs.has(call.tool()) ? stubs.call(agent, call) : builtIn.call(agent, call);
        } else {
            gate = PermissionGate.of(harness.harness(), Optional.empty());
            BuiltInTools http = BuiltInTools.http(gate.rules());
            tools = (agent, call) -> stubs.has(call.tool()) || !http.names().contains(call.tool())
                    ? stubs.call(agent, call) : http.call(agent, call);
        }
        Bindings bindings = new Bindings(model, tools, gate, answers, answers, clock, TokenCounter.cl100k(), pause);
        Engine engine = new Engine(harness.harness(), bindings, sink,
                workspace.map(ScenarioWorkspace::workspace).orElse(null));
        return new Prepared(engine, runId, recording, harness, scenario, events, workspace);
    }

    /** The events a run keeps: all of them, or a tail and what the expectations read. */
    private sealed interface Kept {
        EventSink sink();

        List<RunEvent> forExpectations();

        List<RunEvent> report();

        record All(List<RunEvent> events) implements Kept {
            public EventSink sink() {
                return events::add;
            }

            public List<RunEvent> forExpectations() {
                return events;
            }

            public List<RunEvent> report() {
                return List.copyOf(events);
            }
        }

        record Some(KeptEvents kept) implements Kept {
            public EventSink sink() {
                return kept;
            }

            public List<RunEvent> forExpectations() {
                return kept.forExpectations();
            }

            public List<RunEvent> report() {
                return kept.tail();
            }
        }
    }

    /** A run set up and not yet started. */
    public static final class Prepared {
        private final Engine engine;
        private final Optional<String> runId;
        private final HarnessReader.Loaded harness;
        private final ScenarioReader.Loaded scenario;
        private final Kept events;
        private final Optional<ScenarioWorkspace> workspace;

        private final Optional<Recording> recording;

        private Prepared(Engine engine, Optional<String> runId, Optional<Recording> recording,
                HarnessReader.Loaded harness, ScenarioReader.Loaded scenario, Kept events,
                Optional<ScenarioWorkspace> workspace) {
            this.recording = recording;
            this.workspace = workspace;
            this.engine = engine;
            this.runId = runId;
            this.harness = harness;
            this.scenario = scenario;
            this.events = events;
        }

        public Engine engine() {
            return engine;
        }

        public Optional<String> runId() {
            return runId;
        }

        /** Runs to the end on the calling thread. */
        public Report run() {
            Scenario s = scenario.scenario();
            try {
                RunResult result = engine.run(s.task());
                List<String> mismatches = new ArrayList<>(Expectations.mismatches(s.expect(), result,
                        events.forExpectations()));
                workspace.ifPresent(w -> s.expect().files().forEach((file, present) -> {
                    if (w.exists(file) != present) {
                        mismatches.add("files: expected " + file + (present ? " to exist" : " not to exist")
                                + " after the run, but it " + (present ? "does not" : "does"));
                    }
                }));
                return new Report(runId, harness, scenario, result, mismatches, events.report());
            } finally {
                // Closing the recording waits until every event is committed, so the run reads back whole.
                recording.ifPresent(Recording::close);
                workspace.ifPresent(ScenarioWorkspace::close);
            }
        }
    }

    /**
     * Time travel: replays a scenario deterministically up to event {@code seq} and returns the state there. Nothing
     * is recorded.
     */
    public static Optional<RunSnapshot> replayTo(HarnessReader.Loaded harness, ScenarioReader.Loaded scenario,
            long seq) {
        ScenarioRunner runner = new ScenarioRunner(Optional.empty(), Clock.fixed(java.time.Instant.EPOCH,
                java.time.ZoneOffset.UTC), () -> "replay");
        Optional<RunSnapshot>[] at = new Optional[] {Optional.empty()};
        Engine[] engine = new Engine[1];
        Prepared prepared = runner.prepare(harness, scenario, e -> {
            if (e.seq() == seq) {
                at[0] = engine[0].snapshot();
                engine[0].cancel();
            }
        });
        engine[0] = prepared.engine();
        prepared.run();
        return at[0];
    }

    /** SHA-256 of a document's text, in hex; runs record it so that a run can be matched to its harness version. */
    public static String digest(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
