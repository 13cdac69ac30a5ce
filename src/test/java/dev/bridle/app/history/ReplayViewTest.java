package dev.bridle.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.corpus.CorpusFixture;
import dev.bridle.policy.Outcome;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ReplayViewTest {

    @TempDir
    Path dir;

    private Stage stage;
    private RunStore store;
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() throws Exception {
        background.submit(() -> store.close()).get();
        background.shutdown();
    }

    @Test
    void theSelectionReplayedUnderATighterHarnessListsEachRunAndAClickOpensItsComparison(FxRobot robot)
            throws Exception {
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
        // 6 runs, oldest first: 2 exceed the tighter step budget, 1 reads a secret the tighter harness denies
        CorpusFixture.recordInto(store, dir.resolve("work"), 6, 2, 1, 0);
        Path tighter = dir.resolve("work/tighter.harness.yaml");
        HistoryViewModel history = new HistoryViewModel(() -> store, background);
        ReplayViewModel replay = history.replayer();
        robot.interact(() -> {
            stage.setScene(new Scene(new HistoryView(history), 1100, 600));
            stage.show();
            history.refresh();
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> history.runs().size() == 6);
        HistoryView view = (HistoryView) stage.getScene().getRoot();
        robot.interact(() -> view.table().getSelectionModel().selectAll());
        List<RunSummary> selection = List.copyOf(view.table().getSelectionModel().getSelectedItems());

        Stage[] window = new Stage[1];
        robot.interact(() -> {
            window[0] = ReplayWindow.show(stage, replay);
            replay.replay(selection, tighter);
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !replay.runningProperty().get()
                && replay.rows().size() == 6);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(replay.headlineProperty().get()).startsWith("harness 'reader' changes the outcome of 2 of 6 runs"
                + " (completed → stopped: 2); decisions change in 3");
        // The run list is newest first: the two long runs were recorded first, so they are the last rows.
        List<ReplayViewModel.Row> changed = replay.rows().stream().filter(r -> r.replay().outcomeChanged()).toList();
        assertThat(changed).extracting(r -> r.run().id()).containsExactlyInAnyOrder("run-00000", "run-00001");
        assertThat(changed).allSatisfy(r -> assertThat(r.change()).isEqualTo("completed by rule 'done' at step 21 →"
                + " stopped by rule 'budget' at step 12"));
        assertThat(replay.rows()).filteredOn(r -> r.run().id().equals("run-00002")).singleElement()
                .satisfies(r -> {
                    assertThat(r.change()).isEqualTo("same: completed by rule 'done' at step 5");
                    assertThat(r.replay().decisionsChanged()).isEqualTo(2);
                });
        assertThat(robot.lookup("#replay-table .table-row-cell").queryAll()).isNotEmpty();

        // A click on the first long run's row opens the recording and its replay side by side in History.
        TableRow<?> longRow = robot.lookup("#replay-table .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() instanceof ReplayViewModel.Row row && row.run().id().equals("run-00000"))
                .findFirst().orElseThrow();
        robot.clickOn(longRow);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> history.comparisonProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        HistoryViewModel.Comparison c = history.comparisonProperty().get();
        assertThat(c.left().id()).isEqualTo("run-00000");
        assertThat(c.right().outcome()).contains(Outcome.STOPPED);
        assertThat(c.rightEvents().getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class,
                e -> assertThat(e.rule()).isEqualTo("budget"));
        RunEvent left = c.divergence().orElseThrow().left().orElseThrow();
        RunEvent right = c.divergence().orElseThrow().right().orElseThrow();
        assertThat(left.step()).isEqualTo(12);
        assertThat(right).isInstanceOfSatisfying(RunEvent.GuardTriggered.class,
                g -> assertThat(g.rule()).isEqualTo("budget"));
        @SuppressWarnings("unchecked")
        ListView<RunEvent> rightPane = (ListView<RunEvent>) robot.lookup("#compare-right").query();
        assertThat(rightPane.getItems()).isEqualTo(c.rightEvents());
        assertThat(rightPane.getSelectionModel().getSelectedItem()).isEqualTo(right);
        assertThat(robot.lookup("#history-message").queryLabeled().getText())
                .isEqualTo("first divergence at event " + right.seq());
        robot.interact(() -> window[0].close());
    }

    @Test
    void aHarnessWithProblemsIsOneMessageAndReplaysNothing(FxRobot robot) throws Exception {
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
        Path bad = Files.writeString(dir.resolve("bad.harness.yaml"), "bridle: 1\nname: x\nworkflow: 12\n");
        ReplayViewModel replay = new HistoryViewModel(() -> store, background).replayer();
        robot.interact(() -> replay.replay(List.of(), bad));
        assertThat(replay.headlineProperty().get()).startsWith("bad.harness.yaml cannot be used: ");
        assertThat(replay.rows()).isEmpty();
        assertThat(replay.runningProperty().get()).isFalse();
    }
}
