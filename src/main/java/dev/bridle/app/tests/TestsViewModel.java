package dev.bridle.app.tests;

import dev.bridle.event.RunEvent;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.scenario.ScenarioSuite;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Tests view's state: every scenario of a project folder, run all on a background thread with progress, each row
 * turning green or red as its result arrives (one hand-over to the FX thread per scenario), and the events of the
 * selected failure to jump into.
 */
public final class TestsViewModel {

    private final ObservableList<ScenarioRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final List<List<RunEvent>> events = new ArrayList<>();
    private final javafx.beans.property.ReadOnlyObjectWrapper<Optional<java.time.Instant>> lastRun =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(Optional.empty());
    private final Executor background;
    private final Clock clock;
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    public TestsViewModel(Executor background) {
        this(background, Clock.systemDefaultZone());
    }

    /** A model whose "last run" time is read from {@code clock}. */
    public TestsViewModel(Executor background, Clock clock) {
        this.background = background;
        this.clock = clock;
    }

    /** When Run all last finished, empty before the first. */
    public javafx.beans.property.ReadOnlyObjectProperty<Optional<java.time.Instant>> lastRunProperty() {
        return lastRun.getReadOnlyProperty();
    }

    /** Lists the scenarios under {@code folder}, not yet run. */
    public void load(Path folder) {
        List<Path> files = ScenarioSuite.find(List.of(folder));
        rows.setAll(files.stream().map(ScenarioRow::notRun).toList());
        events.clear();
        files.forEach(f -> events.add(List.of()));
        summary.set(files.size() + " scenarios, not run yet");
        progress.set(0);
    }

    /** Runs every listed scenario in order, off the FX thread. */
    public void runAll() {
        if (running.get() || rows.isEmpty()) {
            return;
        }
        running.set(true);
        progress.set(0);
        List<Path> files = rows.stream().map(ScenarioRow::file).toList();
        for (int i = 0; i < rows.size(); i++) {
            rows.set(i, new ScenarioRow(files.get(i), rows.get(i).name(), ScenarioRow.State.RUNNING, "", List.of(),
                    -1, 0));
        }
        background.execute(() -> {
            ScenarioRunner runner = new ScenarioRunner(Optional.empty(), Clock.systemUTC(),
                    () -> UUID.randomUUID().toString());
            for (int i = 0; i < files.size(); i++) {
                ScenarioSuite.Result r = ScenarioSuite.run(runner, files.get(i));
                int index = i;
                List<RunEvent> ran = r instanceof ScenarioSuite.Result.Ran x ? x.report().events() : List.of();
                Platform.runLater(() -> finished(index, r, ran, files.size()));
            }
        });
    }

    private void finished(int index, ScenarioSuite.Result r, List<RunEvent> ran, int total) {
        rows.set(index, ScenarioRow.of(r));
        events.set(index, ran);
        long done = rows.stream().filter(x -> x.state() != ScenarioRow.State.RUNNING).count();
        progress.set((double) done / total);
        long passed = rows.stream().filter(x -> x.state() == ScenarioRow.State.PASSED).count();
        long failed = rows.stream().filter(x -> x.state() == ScenarioRow.State.FAILED).count();
        long pending = rows.stream().filter(x -> x.state() == ScenarioRow.State.PENDING).count();
        long invalid = rows.stream().filter(x -> x.state() == ScenarioRow.State.INVALID).count();
        summary.set(passed + " passed, " + failed + " failed, " + pending + " pending, " + invalid + " invalid");
        if (done == total) {
            running.set(false);
            lastRun.set(Optional.of(clock.instant()));
            summary.set(summary.get() + " · last run " + TIME.format(clock.instant().atZone(clock.getZone())));
        }
    }

    /** The events of a scenario's last run, for jumping to the offending one. */
    public List<RunEvent> eventsOf(ScenarioRow row) {
        int i = rows.indexOf(row);
        return i < 0 ? List.of() : events.get(i);
    }

    public ObservableList<ScenarioRow> rows() {
        return rows;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
