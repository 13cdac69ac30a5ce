package dev.bridle.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.event.EventSink;
import dev.bridle.policy.Outcome;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.store.RunStore;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class HistoryViewTest {

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

    private void record(String harness, String scenario) throws Exception {
        new ScenarioRunner(Optional.of(store), Clock.systemUTC(), () -> UUID.randomUUID().toString())
                .run(Samples.scenario(harness, scenario), EventSink.none());
    }

    @Test
    void filterDeleteAndCompareTwoRunsWithTheirFirstDivergence(FxRobot robot) throws Exception {
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
        record("looping-agent", "same-action");
        record("looping-agent", "ping-pong");
        record("runaway-agent", "answers-in-bounds");
        HistoryViewModel model = new HistoryViewModel(() -> store, background);
        robot.interact(() -> {
            stage.setScene(new Scene(new HistoryView(model), 1100, 600));
            stage.show();
            model.refresh();
        });
        HistoryView view = (HistoryView) stage.getScene().getRoot();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.runs().size() == 3);

        robot.interact(() -> {
            model.outcomeFilter().set(Outcome.STOPPED);
            model.refresh();
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.runs().size() == 2);
        assertThat(model.runs()).allSatisfy(r -> assertThat(r.rule()).isEqualTo("loop"));

        robot.interact(() -> view.table().getSelectionModel().selectAll());
        robot.clickOn("#history-compare");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.comparisonProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.messageProperty().get()).startsWith("first divergence at event ");
        long seq = model.comparisonProperty().get().divergence().orElseThrow().seq();
        ListView<?> left = robot.lookup("#compare-left").queryListView();
        assertThat(left.getSelectionModel().getSelectedIndex()).isEqualTo((int) seq - 1);

        java.util.List<java.util.List<dev.bridle.event.RunEvent>> read = new java.util.ArrayList<>();
        robot.interact(() -> model.eventsOf(model.runs().getFirst(), read::add));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !read.isEmpty());
        assertThat(read.getFirst()).extracting(dev.bridle.event.RunEvent::kind).contains("guard.triggered");
        assertThat(dev.bridle.app.run.RunActions.replayUnder(
                dev.bridle.policy.HarnessReader.read(Samples.harness("looping-agent")).harness(), read.getFirst()))
                .contains("loop");

        robot.interact(() -> view.table().getSelectionModel().clearAndSelect(0));
        robot.clickOn("#history-delete");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.runs().size() == 1);
    }

    @Test
    void buttonsFollowTheSelectionDatesAreHumanAndEmptyPanesSayWhatGoesThere(FxRobot robot) throws Exception {
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
        record("looping-agent", "same-action");
        record("looping-agent", "ping-pong");
        HistoryViewModel model = new HistoryViewModel(() -> store, background);
        robot.interact(() -> {
            stage.setScene(new Scene(new HistoryView(model), 1024, 400));
            stage.show();
            model.refresh();
        });
        HistoryView view = (HistoryView) stage.getScene().getRoot();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.runs().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();

        // the buttons, the placeholders, the dates and the headers are reported each on its own
        SoftAssertions softly = new SoftAssertions();
        javafx.scene.control.Button delete = robot.lookup("#history-delete").queryButton();
        javafx.scene.control.Button compare = robot.lookup("#history-compare").queryButton();
        javafx.scene.control.Button replay = robot.lookup("#history-replay").queryButton();
        softly.assertThat(List.of(delete.isDisabled(), compare.isDisabled(), replay.isDisabled()))
                .containsExactly(true, true, true);
        robot.interact(() -> view.table().getSelectionModel().clearAndSelect(0));
        softly.assertThat(List.of(delete.isDisabled(), compare.isDisabled(), replay.isDisabled()))
                .containsExactly(false, true, false);
        robot.interact(() -> view.table().getSelectionModel().selectAll());
        // Replay under… takes the whole selection (a corpus), so it stays enabled with two runs.
        softly.assertThat(List.of(delete.isDisabled(), compare.isDisabled(), replay.isDisabled()))
                .containsExactly(false, false, false);

        ListView<?> left = robot.lookup("#compare-left").queryListView();
        ListView<?> right = robot.lookup("#compare-right").queryListView();
        softly.assertThat(left.getPlaceholder() instanceof Label l ? l.getText() : "")
                .as("the left pane's placeholder").contains("Select two runs");
        softly.assertThat(right.getPlaceholder() instanceof Label l ? l.getText() : "")
                .as("the right pane's placeholder").contains("second");
        softly.assertThat(robot.lookup(".placeholder").queryAll()).isNotEmpty();

        List<String> dates = robot.lookup("#history-table .table-cell").queryAll().stream()
                .map(n -> (javafx.scene.control.TableCell<?, ?>) n)
                .filter(c -> "started".equals(c.getTableColumn().getText()) && c.getText() != null)
                .map(javafx.scene.control.TableCell::getText).toList();
        softly.assertThat(dates).hasSize(2).allSatisfy(d ->
                assertThat(d).matches("[A-Z][a-z]{2} \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2}:\\d{2}"));
        // the date is read whole, not cut to "Sun 6 Dec 2026, 04:2…"
        softly.assertThat(robot.lookup("#history-table .table-cell").queryAll().stream()
                .map(n -> (javafx.scene.control.TableCell<?, ?>) n)
                .filter(c -> "started".equals(c.getTableColumn().getText()) && c.getText() != null)
                .filter(javafx.scene.control.Labeled::isTextTruncated).map(javafx.scene.control.TableCell::getText)
                .toList()).as("started cells cut off").isEmpty();
        softly.assertThat(HistoryView.human(java.time.Instant.parse("2026-12-06T01:12:05.123456Z"),
                java.time.ZoneOffset.UTC)).isEqualTo("Sun 6 Dec 2026, 01:12:05");
        for (javafx.scene.Node header : robot.lookup("#history-table .column-header .label").queryAll()) {
            Label title = (Label) header;
            softly.assertThat(title.getWidth()).as("header %s not clipped", title.getText())
                    .isGreaterThanOrEqualTo(title.prefWidth(-1) - 0.5);
        }
        softly.assertAll();
    }
}
