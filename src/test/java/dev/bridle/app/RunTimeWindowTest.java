package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.app.debug.DebugView;
import dev.bridle.app.debug.DebugViewModel;
import dev.bridle.app.inspect.TimelineCanvas;
import dev.bridle.event.RunEvent;
import dev.bridle.store.RunStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
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

/** The run-time views in the workbench window: the timeline and the events table, the debugger and the status line. */
@ExtendWith(ApplicationExtension.class)
class RunTimeWindowTest {

    @TempDir
    Path temp;

    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void closeWindow(FxRobot robot) {
        if (window != null) {
            robot.interact(window::close);
        }
    }

    private void open(FxRobot robot, String scenario) throws Exception {
        WorkbenchConfig config = new WorkbenchConfig(Folders.SAMPLES, RunStore.fileUrl(temp.resolve("runs")));
        robot.interact(() -> window = MainWindow.open(stage, config));
        String harness = scenario.substring(0, scenario.indexOf('/')) + ".harness.yaml";
        robot.interact(() -> window.view().model().selectHarness(Folders.SAMPLES.resolve(harness)));
        robot.interact(() -> window.view().model().selectScenario(Folders.SAMPLES.resolve(scenario)));
    }

    private void run(FxRobot robot) throws Exception {
        robot.clickOn("#run");
        Button run = robot.lookup("#run").queryButton();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !run.isDisabled()
                && window.viewModel().lastInspectionProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static TabPane bottom(FxRobot robot) {
        return robot.lookup("#bottom-tabs").queryAs(TabPane.class);
    }

    /** The row of the events table showing {@code seq}, if it is laid out and visible. */
    private static boolean rowShown(FxRobot robot, long seq) {
        return robot.lookup("#events .table-row-cell").queryAllAs(TableRow.class).stream()
                .anyMatch(r -> r.getItem() instanceof EventRow e && e.seq() == seq && r.isVisible()
                        && r.isSelected() && r.localToScene(r.getBoundsInLocal()).getMinY()
                        >= robot.lookup("#events").query().localToScene(0, 0).getY());
    }

    @Test
    void aClickOnTheTimelineSelectsTheEventInTheEventsTableAndTheTableSelectsTheMark(FxRobot robot)
            throws Exception {
        open(robot, "lost-context/keeps-the-requirement.scenario.yaml");
        run(robot);
        TableView<EventRow> events = robot.lookup("#events").queryTableView();
        robot.interact(() -> bottom(robot).getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        TimelineCanvas timeline = robot.lookup(".timeline").queryAs(TimelineCanvas.class);
        var compaction = window.viewModel().lastInspectionProperty().get().compactions().getFirst();
        Point2D mark = timeline.localToScreen(timeline.xOf(compaction.seq()), timeline.yOfLane(compaction.agent()));
        robot.clickOn(mark);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline.selected().seq()).isEqualTo(compaction.seq());
        // each way is reported on its own
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(Optional.ofNullable(events.getSelectionModel().getSelectedItem()).map(EventRow::seq))
                .as("the table's row of the clicked mark").contains(compaction.seq());
        robot.interact(() -> bottom(robot).getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        softly.assertThat(rowShown(robot, compaction.seq())).as("the table scrolled to the row").isTrue();

        // the other way: a row chosen in the table puts the timeline's cursor on its mark
        EventRow third = events.getItems().get(2);
        robot.interact(() -> events.getSelectionModel().clearAndSelect(2));
        WaitForAsyncUtils.waitForFxEvents();
        softly.assertThat(Optional.ofNullable(timeline.selected()).map(RunEvent::seq))
                .as("the timeline's mark of the chosen row").contains(third.seq());
        softly.assertAll();
    }

    @Test
    void theRuleColumnShowsWholeIdsAndWhyHasRoomToBeRead(FxRobot robot) throws Exception {
        open(robot, "compounding-error/rollback-restores-the-file.scenario.yaml");
        run(robot);
        TableView<EventRow> events = robot.lookup("#events").queryTableView();
        assertThat(events.getItems()).extracting(EventRow::rule).contains("workflow.nodes.verify.onError");
        int row = 0;
        while (!events.getItems().get(row).rule().equals("workflow.nodes.verify.onError")) {
            row++;
        }
        int chosen = row;
        robot.interact(() -> events.scrollTo(chosen));
        WaitForAsyncUtils.waitForFxEvents();
        TableColumn<EventRow, ?> rule = events.getColumns().stream().filter(c -> c.getText().equals("rule"))
                .findFirst().orElseThrow();
        Text measure = new Text();
        // the clipped rule ids and the cramped Why? are reported each on its own
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (TableCell<?, ?> cell : robot.lookup("#events .table-cell").queryAllAs(TableCell.class)) {
            if (cell.getTableColumn() == rule && cell.getItem() instanceof String id && !id.isEmpty()
                    && cell.isVisible()) {
                checked++;
                measure.setText(id);
                measure.setFont(cell.getFont());
                softly.assertThat(cell.getText()).as("no ellipsis").isEqualTo(id);
                softly.assertThat(rule.getWidth()).as("the rule column's width for %s", id)
                        .isGreaterThan(measure.getLayoutBounds().getWidth() + cell.snappedLeftInset()
                                + cell.snappedRightInset());
                softly.assertThat(Optional.ofNullable(cell.getTooltip()).map(Tooltip::getText))
                        .as("the whole id on hover").contains(id);
            }
        }
        assertThat(checked).as("rule cells checked").isPositive();
        robot.interact(() -> events.getSelectionModel().clearAndSelect(chosen));
        robot.clickOn("#why");
        WaitForAsyncUtils.waitForFxEvents();
        TextArea text = robot.lookup(".dialog-pane .text-area").queryAs(TextArea.class);
        assertThat(text.getText()).startsWith("workflow.nodes.verify.onError: ");
        softly.assertThat(text.getPrefRowCount()).as("Why?'s rows").isGreaterThanOrEqualTo(12);
        softly.assertThat(text.getHeight()).as("Why?'s height").isGreaterThan(200);
        robot.clickOn("OK");
        softly.assertAll();
    }

    @Test
    void whilePausedTheStatusLineShowsTheSessionAndTheEndedSessionLightsNoNode(FxRobot robot) throws Exception {
        open(robot, "runaway-agent/loops-forever.scenario.yaml");
        run(robot);
        Label status = robot.lookup("#status").queryAs(Label.class);
        assertThat(status.getText()).contains("stopped");
        robot.push(KeyCode.F9);
        Label reason = robot.lookup("#debug-reason").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> reason.getText().startsWith("paused at #1"));
        WaitForAsyncUtils.waitForFxEvents();
        // the status line and the glow are reported each on its own
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(status.getText()).isEqualTo("debug: paused at #1 run.started");
        softly.assertThat(status.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("warning"));

        robot.push(KeyCode.F11); // step to the node: the run is in 'research', which glows
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> reason.getText().startsWith("step to node"));
        WaitForAsyncUtils.waitForFxEvents();
        Node box = robot.lookup("#node-research").query();
        PseudoClass active = PseudoClass.getPseudoClass("active");
        softly.assertThat(box.getPseudoClassStates()).as("the node the run is in glows").contains(active);
        softly.assertThat(status.getText()).matches("debug: paused at #\\d+ node.entered");

        robot.push(KeyCode.SHIFT, KeyCode.F2);
        DebugViewModel debug = robot.lookup("#debug-view").queryAs(DebugView.class).model();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> debug.stateProperty().get()
                == DebugViewModel.State.ENDED);
        WaitForAsyncUtils.waitForFxEvents();
        softly.assertThat(robot.lookup("#node-research").query().getPseudoClassStates())
                .as("no node glows once the session has ended").doesNotContain(active);
        softly.assertThat(status.getText()).startsWith("debug: interrupted");
        softly.assertAll();
    }
}
