package dev.bridle.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.context.ContextEntry;
import dev.bridle.engine.ContextDiff;
import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The context diff of a recorded event, rebuilt by replaying its scenario. */
class ContextReplayTest {

    private static ScenarioRunner.Report run(Path scenarioFile) throws Exception {
        return new ScenarioRunner(Optional.empty(), Clock.systemUTC(), () -> "recorded").run(scenarioFile,
                EventSink.none());
    }

    private static <T extends RunEvent> List<T> all(List<RunEvent> events, Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static ContextDiff rebuilt(ScenarioRunner.Report r, long seq) {
        ContextReplay.Result result = ContextReplay.diffAt(r.harness(), r.scenario(), r.events(), seq);
        assertThat(result).isInstanceOf(ContextReplay.Rebuilt.class);
        return ((ContextReplay.Rebuilt) result).diff();
    }

    @Test
    void aCompactionRemovesTheOldToolOutputKeepsThePinsAndAddsTheSummary() throws Exception {
        ScenarioRunner.Report r = run(Samples.scenario("lost-context", "keeps-the-requirement"));
        RunEvent.ContextCompacted c = all(r.events(), RunEvent.ContextCompacted.class).getFirst();

        ContextReplay.Result result = ContextReplay.diffAt(r.harness(), r.scenario(), r.events(), c.seq());

        ContextReplay.Rebuilt rebuilt = (ContextReplay.Rebuilt) result;
        ContextDiff d = rebuilt.diff();
        assertThat(d.agent()).isEqualTo("auditor");
        assertThat(d.removed()).hasSize(c.removed()).noneMatch(ContextEntry::pinned)
                .allSatisfy(e -> assertThat(e.message().role()).isIn("assistant", "tool"));
        assertThat(d.added()).anySatisfy(e -> assertThat(e.tag()).isEqualTo("summary"));
        assertThat(d.kept()).filteredOn(ContextEntry::pinned).extracting(ContextEntry::tag)
                .contains("task", "acceptance");
        assertThat(d.tokensAfter()).isEqualTo(c.after());
        RunEvent.ModelRequested previous = rebuilt.previousRequest().orElseThrow();
        assertThat(previous.seq()).isLessThan(c.seq());
        assertThat(d.fromSeq()).isEqualTo(previous.seq());
        assertThat(d.tokensBefore()).isEqualTo(previous.contextTokens());
    }

    @Test
    void aRunReadByNumberIsRebuiltAsFromItsListAndACancelledReplayStops() throws Exception {
        ScenarioRunner.Report r = run(Samples.scenario("lost-context", "keeps-the-requirement"));
        RunEvent.ContextCompacted c = all(r.events(), RunEvent.ContextCompacted.class).getFirst();
        List<Long> asked = new ArrayList<>();
        java.util.function.LongFunction<RunEvent> byNumber = seq -> {
            asked.add(seq);
            return seq >= 1 && seq <= r.events().size() ? r.events().get((int) seq - 1) : null;
        };

        ContextReplay.Result result = ContextReplay.diffAt(r.harness(), r.scenario(), byNumber, c.seq(), () -> false);

        assertThat(((ContextReplay.Rebuilt) result).diff()).isEqualTo(rebuilt(r, c.seq()));
        assertThat(asked.getFirst()).isEqualTo(c.seq()); // the event itself, then the run from its start
        assertThat(asked.subList(1, asked.size())).isSorted().doesNotHaveDuplicates().allMatch(n -> n <= c.seq());
        assertThat(ContextReplay.diffAt(r.harness(), r.scenario(), byNumber, c.seq(), () -> true))
                .isSameAs(ContextReplay.CANCELLED);
        assertThat(ContextReplay.diffAt(r.harness(), r.scenario(), byNumber, r.events().size() + 1, () -> false))
                .isEqualTo(new ContextReplay.NotRebuilt("the run has no event #" + (r.events().size() + 1)));
    }

    @Test
    void aModelRequestShowsItsWholePromptAndWhatIsNewSinceThePreviousOne() throws Exception {
        ScenarioRunner.Report r = run(Samples.scenario("lost-context", "keeps-the-requirement"));
        List<RunEvent.ModelRequested> requests = all(r.events(), RunEvent.ModelRequested.class);
        RunEvent.ModelRequested first = requests.getFirst();
        RunEvent.ModelRequested second = requests.get(1);

        ContextDiff atFirst = rebuilt(r, first.seq());
        assertThat(atFirst.fromSeq()).isZero();
        assertThat(atFirst.lines()).extracting(ContextDiff.Line::change).containsOnly(ContextDiff.Change.ADDED);
        assertThat(atFirst.after()).hasSize(first.messages());
        assertThat(atFirst.tokensAfter()).isEqualTo(first.contextTokens());

        ContextDiff atSecond = rebuilt(r, second.seq());
        assertThat(atSecond.fromSeq()).isEqualTo(first.seq());
        assertThat(atSecond.tokensAfter()).isEqualTo(second.contextTokens());
        // What the first call answered and what its tool returned are the new part of the second prompt.
        assertThat(atSecond.added()).extracting(e -> e.message().role()).containsExactly("assistant", "tool");
        assertThat(atSecond.removed()).isEmpty();
    }

    @Test
    void aToolResultIsInTheContextAfterItsToolCompletedEvent() throws Exception {
        ScenarioRunner.Report r = run(Samples.scenario("lost-context", "keeps-the-requirement"));
        RunEvent.ToolCompleted done = all(r.events(), RunEvent.ToolCompleted.class).getFirst();

        ContextDiff d = rebuilt(r, done.seq());

        assertThat(d.added()).last().satisfies(e -> {
            assertThat(e.message().role()).isEqualTo("tool");
            assertThat(e.message().content()).isEqualTo(done.result());
        });
    }

    @Test
    void everySampleRunReplaysAsRecorded() throws Exception {
        List<String> notRebuilt = new ArrayList<>();
        for (Path file : Samples.scenarios()) {
            ScenarioRunner.Report r = run(file);
            RunEvent last = r.events().getLast();
            ContextReplay.Result result = ContextReplay.diffAt(r.harness(), r.scenario(), r.events(), last.seq());
            if (result instanceof ContextReplay.NotRebuilt n && n.why().contains("differs")) {
                notRebuilt.add(file.getFileName() + ": " + n.why());
            }
        }
        assertThat(notRebuilt).isEmpty();
    }

    @Test
    void aRunOfAnotherModelIsNotRebuiltAndSaysWhy() throws Exception {
        ScenarioRunner.Report r = run(Samples.scenario("lost-context", "keeps-the-requirement"));
        List<RunEvent> recorded = new ArrayList<>(r.events());
        RunEvent.RunStarted started = (RunEvent.RunStarted) recorded.getFirst();
        recorded.set(0, new RunEvent.RunStarted(started.seq(), started.at(), 0, started.harness(), "ollama:llama3.2"));

        ContextReplay.Result result = ContextReplay.diffAt(r.harness(), r.scenario(), recorded, 5);

        assertThat(result).isInstanceOfSatisfying(ContextReplay.NotRebuilt.class,
                n -> assertThat(n.why()).contains("ollama:llama3.2").contains("scripted model"));
    }

    @Test
    void aChangedHarnessIsNotRebuiltAndSaysWhere() throws Exception {
        ScenarioRunner.Report r = run(Samples.scenario("lost-context", "keeps-the-requirement"));
        HarnessReader.Loaded other = HarnessReader.read(Samples.harness("runaway-agent"));
        ScenarioReader.Loaded scenario = r.scenario();

        ContextReplay.Result result = ContextReplay.diffAt(other, scenario, r.events(), 5);

        assertThat(result).isInstanceOfSatisfying(ContextReplay.NotRebuilt.class,
                n -> assertThat(n.why()).contains("#1").contains("changed since the run"));
    }
}
