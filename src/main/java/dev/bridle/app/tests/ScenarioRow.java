package dev.bridle.app.tests;

import dev.bridle.scenario.ScenarioSuite;
import java.nio.file.Path;
import java.util.List;

/**
 * One scenario in the Tests view: its name, and once run, its state, headline and the expected/actual diff.
 *
 * @param firstEvent the event to jump to on a failure (the end of the run), or -1
 */
public record ScenarioRow(Path file, String name, State state, String headline, List<String> diff, long firstEvent,
        long millis) {

    /** Where a scenario stands. */
    public enum State {
        NOT_RUN,
        RUNNING,
        PASSED,
        FAILED,
        PENDING,
        INVALID
    }

    public static ScenarioRow notRun(Path file) {
        return new ScenarioRow(file, ScenarioSuite.nameOf(file), State.NOT_RUN, "", List.of(), -1, 0);
    }

    static ScenarioRow of(ScenarioSuite.Result r) {
        return switch (r) {
            case ScenarioSuite.Result.Ran ran when ran.report().passed() -> new ScenarioRow(r.file(), r.name(),
                    State.PASSED, ran.report().result().headline(), List.of(), -1, r.millis());
            case ScenarioSuite.Result.Ran ran -> new ScenarioRow(r.file(), r.name(), State.FAILED,
                    ran.report().result().headline(), ran.report().mismatches(),
                    ran.report().events().isEmpty() ? -1 : ran.report().events().getLast().seq(), r.millis());
            case ScenarioSuite.Result.Pending p -> new ScenarioRow(r.file(), r.name(), State.PENDING, p.reason(),
                    List.of(), -1, r.millis());
            case ScenarioSuite.Result.Invalid inv -> new ScenarioRow(r.file(), r.name(), State.INVALID,
                    inv.problems().getFirst().render(), inv.problems().stream().map(x -> x.render()).toList(), -1,
                    r.millis());
        };
    }
}
