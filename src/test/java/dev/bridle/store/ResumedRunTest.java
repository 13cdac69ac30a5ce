package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run recorded in pieces by several processes (a Claude Code session's hook calls): suspend, then resume; on both
 * stores (PostgreSQL's driver refuses a commit in auto-commit, which H2's ignores).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class ResumedRunTest {

    @Parameter
    StoreKind kind;

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;

    private String url() {
        return kind.url(dir);
    }

    @Test
    void aSuspendedRunReadsInterruptedWithItsReasonAndResumesWhereItStopped() {
        SyntheticRun run = new SyntheticRun(T0);
        List<RunEvent> all = new ArrayList<>();
        try (RunStore store = RunStore.open(url())) {
            Recording first = store.begin(RecordingTest.start("s"), Durability.EVERY_STEP);
            List<RunEvent> part = new ArrayList<>();
            run.begin(part::add);
            run.step(part::add);
            part.forEach(first::accept);
            all.addAll(part);
            first.suspend("waiting for the next call");
            RunSummary suspended = store.run("s").orElseThrow();
            assertThat(suspended.outcome()).contains(Outcome.INTERRUPTED);
            assertThat(suspended.reason()).isEqualTo("waiting for the next call");
        }
        // Another process: the store is opened anew, the run resumed and finished.
        try (RunStore store = RunStore.open(url())) {
            Recording second = store.resume("s", Durability.EVERY_STEP).orElseThrow();
            assertThat(store.run("s").orElseThrow().outcome()).as("open again").isEmpty();
            List<RunEvent> part = new ArrayList<>();
            run.step(part::add);
            run.end(part::add);
            part.forEach(second::accept);
            all.addAll(part);
            second.close();
            assertThat(store.events("s")).containsExactlyElementsOf(all);
            assertThat(store.run("s").orElseThrow().outcome()).isPresent().get().isNotEqualTo(Outcome.INTERRUPTED);
        }
    }

    @Test
    void onlyOneOfTwoResumesGetsTheRunAndAnEndedRunIsNeverResumed() {
        try (RunStore store = RunStore.open(url())) {
            SyntheticRun run = new SyntheticRun(T0);
            Recording r = store.begin(RecordingTest.start("s"), Durability.EVERY_STEP);
            run.begin(r::accept);
            r.suspend("waiting");
            Optional<Recording> one = store.resume("s", Durability.EVERY_STEP);
            Optional<Recording> two = store.resume("s", Durability.EVERY_STEP);
            assertThat(one).isPresent();
            assertThat(two).as("held by the first").isEmpty();
            run.step(one.get()::accept);
            run.end(one.get()::accept);
            one.get().close();
            assertThat(store.resume("s", Durability.EVERY_STEP)).as("ended: its outcome stands").isEmpty();
            assertThat(store.resume("nobody", Durability.EVERY_STEP)).isEmpty();
        }
    }
}
