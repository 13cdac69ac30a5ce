package dev.bridle.scenario;

import dev.bridle.engine.Bindings;
import dev.bridle.engine.Engine;
import dev.bridle.engine.PolicyGate;
import dev.bridle.event.RunEvent;
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
        Scenario s = scenario.scenario();
        ScriptedModel model = new ScriptedModel(s.name(), s.script(), TokenCounter.cl100k());
        List<RunEvent> events = new ArrayList<>();
        EventSink sink = listener.andThen(events::add);
        Optional<String> runId = Optional.empty();
        if (store.isPresent()) {
            Recording recording = store.get()
                    .begin(runIds.get(), harness.harness().name(), digest(harness.source().text()), model.binding(),
                            clock.instant());
            runId = Optional.of(recording.runId());
            sink = recording.andThen(sink);
        }
        ScriptedAnswers answers = new ScriptedAnswers(s);
        Bindings bindings = new Bindings(model, new StubTools(s.tools()), PolicyGate.of(harness.harness().permissions()),
                answers, answers, clock, TokenCounter.cl100k(), Bindings.Pause.none());
        RunResult result = new Engine(harness.harness(), bindings, sink).run(s.task());
        return new Report(runId, harness, scenario, result, Expectations.mismatches(s.expect(), result, events),
                List.copyOf(events));
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
