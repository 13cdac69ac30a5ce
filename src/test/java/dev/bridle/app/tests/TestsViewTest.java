package dev.bridle.app.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.event.RunEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import atlantafx.base.theme.PrimerLight;
import dev.bridle.app.MainWindow;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.javafx.FontIcon;
import javafx.stage.Stage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class TestsViewTest {

    @TempDir
    Path dir;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void runAllTurnsEveryRowGreenOrRedAndAFailureShowsItsDiffAndEvents(FxRobot robot) throws Exception {
        Path folder = dir.resolve("project");
        Files.createDirectories(folder.resolve("runaway-agent"));
        Files.copy(Samples.harness("runaway-agent"), folder.resolve("runaway-agent.harness.yaml"));
        Files.copy(Samples.scenario("runaway-agent", "loops-forever"),
                folder.resolve("runaway-agent/loops-forever.scenario.yaml"));
        Files.writeString(folder.resolve("runaway-agent/wrong.scenario.yaml"),
                Files.readString(Samples.scenario("runaway-agent", "loops-forever")).replace("step: 12", "step: 5"));
        TestsViewModel model = new TestsViewModel(Executors.newSingleThreadExecutor());
        List<Long> jumpedTo = new ArrayList<>();
        List<List<RunEvent>> shown = new ArrayList<>();
        robot.interact(() -> {
            model.load(folder);
            stage.setScene(new Scene(new TestsView(model, (what, events, seq) -> {
                shown.add(events);
                jumpedTo.add(seq);
            }), 900, 500));
            stage.show();
        });
        robot.clickOn("#run-all");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !model.runningProperty().get()
                && model.progressProperty().get() == 1.0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.rows()).extracting(ScenarioRow::state)
                .containsExactly(ScenarioRow.State.PASSED, ScenarioRow.State.FAILED);
        assertThat(model.summaryProperty().get()).startsWith("1 passed, 1 failed, 0 pending, 0 invalid · last run ");
        robot.clickOn("runaway-agent/wrong");
        assertThat(robot.lookup("#tests-diff").queryTextInputControl().getText())
                .contains("step: expected 5, got 12");
        robot.clickOn("#show-failure");
        assertThat(jumpedTo).containsExactly(shown.getFirst().getLast().seq());
        assertThat(shown.getFirst()).extracting(RunEvent::kind).contains("guard.triggered");
    }

    @Test
    void everyRowShowsARealColourItsTimeAndShowEventsNamesItsOwnScenario(FxRobot robot) throws Exception {
        Path folder = dir.resolve("many");
        Files.createDirectories(folder.resolve("runaway-agent"));
        Files.copy(Samples.harness("runaway-agent"), folder.resolve("runaway-agent.harness.yaml"));
        String loops = Files.readString(Samples.scenario("runaway-agent", "loops-forever"));
        for (int i = 1; i <= 8; i++) {
            Files.writeString(folder.resolve("runaway-agent/s" + i + ".scenario.yaml"),
                    i == 8 ? loops.replace("step: 12", "step: 5") : loops);
        }
        Clock noon = Clock.fixed(Instant.parse("2026-12-06T12:34:56Z"), ZoneOffset.UTC);
        TestsViewModel model = new TestsViewModel(Executors.newSingleThreadExecutor(), noon);
        List<String> headers = new ArrayList<>();
        robot.interact(() -> {
            // The workbench's theme and stylesheet, as the window has them; the height of the bottom pane.
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            model.load(folder);
            TestsView view = new TestsView(model, (what, events, seq) -> headers.add(what));
            Scene scene = new Scene(view, 900, 340);
            scene.getStylesheets().add(MainWindow.class.getResource("bridle.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
        });
        TableView<ScenarioRow> table = robot.lookup("#tests-table").queryTableView();
        // the times, the rows cut off, the grey marks and the headers are reported each on its own
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(cellTexts(robot, "time")).hasSize(8).allMatch(String::isEmpty);
        softly.assertThat(model.summaryProperty().get()).isEqualTo("8 scenarios, not run yet");

        robot.clickOn("#run-all");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !model.runningProperty().get()
                && model.progressProperty().get() == 1.0);
        WaitForAsyncUtils.waitForFxEvents();

        // all eight rows in view, none cut off below
        Bounds view = table.localToScreen(table.getBoundsInLocal());
        List<TableRow<?>> rows = robot.lookup("#tests-table .table-row-cell").queryAll()
                .stream().<TableRow<?>>map(r -> (TableRow<?>) r).filter(r -> r.getItem() != null).toList();
        softly.assertThat(rows).hasSize(8).allSatisfy(r ->
                assertThat(r.localToScreen(r.getBoundsInLocal()).getMaxY()).isLessThanOrEqualTo(view.getMaxY()));
        softly.assertThat(cellTexts(robot, "time")).hasSize(8).allMatch(t -> t.matches("\\d+ ms"));
        softly.assertThat(model.summaryProperty().get()).isEqualTo("7 passed, 1 failed, 0 pending, 0 invalid"
                + " · last run 12:34:56");
        // the failure is the last row: in view however the table is laid out, for its mark to be read
        robot.interact(() -> table.scrollTo(7));
        WaitForAsyncUtils.waitForFxEvents();
        Color passed = ((FontIcon) robot.lookup(".test-passed").query()).getIconColor() instanceof Color c ? c : null;
        Color failed = ((FontIcon) robot.lookup(".test-failed").query()).getIconColor() instanceof Color c ? c : null;
        assertThat(passed).isNotNull();
        assertThat(failed).isNotNull();
        softly.assertThat(passed.getSaturation()).as("the pass mark is a colour, not grey").isGreaterThan(0.4);
        softly.assertThat(passed.getHue()).as("the pass mark is green").isBetween(90.0, 160.0);
        softly.assertThat(failed.getSaturation()).as("the failure mark is a colour, not grey").isGreaterThan(0.4);
        softly.assertThat(failed.getHue()).as("the failure mark is red").satisfiesAnyOf(
                h -> assertThat(h).isLessThan(20.0), h -> assertThat(h).isGreaterThan(340.0));

        robot.interact(() -> table.getSelectionModel().select(7));
        robot.clickOn("#show-failure");
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#show-failure");
        softly.assertThat(headers).containsExactly("test runaway-agent/s8 (failed)", "test runaway-agent/s1 (passed)");
        robot.interact(() -> Application.setUserAgentStylesheet(null));
        softly.assertAll();
    }

    private static List<String> cellTexts(FxRobot robot, String column) {
        return robot.lookup("#tests-table .table-cell").queryAll().stream()
                .<TableCell<?, ?>>map(c -> (TableCell<?, ?>) c)
                .filter(c -> c.getTableColumn().getText().equals(column) && c.getTableRow() != null
                        && c.getTableRow().getItem() != null)
                .map(c -> c.getText() == null ? "" : c.getText()).toList();
    }
}
