package dev.bridle.scenario;

import dev.bridle.engine.Engine;
import dev.bridle.engine.RunResult;
import dev.bridle.event.EventSink;
import dev.bridle.model.ScriptedModel;
import dev.bridle.model.TokenCounter;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Scenario;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.store.Recording;
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

    public ScenarioRunner(Optional<RunStore> store, Clock clock, Supplier<String> runIds) {
        this.store = store;
        this.clock = clock;
        this.runIds = runIds;
    }

    /**
     * What a scenario run gave.
     *
     * @param runId the id the run is stored under, or empty when nothing was recorded
     * @param mismatches every expectation that was not met, in words; empty when all were
     */
    public record Report(
            Optional<String> runId,
            HarnessReader.Loaded harness,
            ScenarioReader.Loaded scenario,
            RunResult result,
            List<String> mismatches) {
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
        Scenario s = scenario.scenario();
        ScriptedModel model = new ScriptedModel(s.name(), s.script(), TokenCounter.cl100k());
        if (store.isEmpty()) {
            RunResult result = engine(harness, s, model, listener).run(s.task());
            return new Report(Optional.empty(), harness, scenario, result, mismatches(s.expect(), result));
        }
        // Closing the recording waits until every event is committed, so the run reads back whole once we return.
        try (Recording recording = store.get().begin(runIds.get(), harness.harness().name(),
                digest(harness.source().text()), model.binding(), clock.instant())) {
            RunResult result = engine(harness, s, model, recording.andThen(listener)).run(s.task());
            List<String> mismatches = mismatches(s.expect(), result);
            return new Report(Optional.of(recording.runId()), harness, scenario, result, mismatches);
        }
    }

    private Engine engine(HarnessReader.Loaded harness, Scenario s, ScriptedModel model, EventSink sink) {
        return new Engine(harness.harness(), model, new StubTools(s.tools()), sink, clock, TokenCounter.cl100k());
    }

    static List<String> mismatches(Scenario.Expectation expect, RunResult result) {
        List<String> out = new ArrayList<>();
        expect.outcome().filter(o -> o != result.outcome()).ifPresent(o ->
                out.add("outcome: expected " + o.word() + ", got " + result.outcome().word()));
        expect.rule().filter(r -> !r.equals(result.rule())).ifPresent(r ->
                out.add("rule: expected '" + r + "', got " + (result.rule() == null ? "none" : "'" + result.rule()
                        + "'")));
        expect.step().filter(n -> n != result.steps()).ifPresent(n ->
                out.add("step: expected " + n + ", got " + result.steps()));
        return out;
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
