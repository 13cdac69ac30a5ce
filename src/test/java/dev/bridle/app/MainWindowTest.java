package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.store.RunStore;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/** Click-through flows on the real window, headless. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

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

    private void open(FxRobot robot, Path folder) {
        WorkbenchConfig config = new WorkbenchConfig(folder, RunStore.fileUrl(temp.resolve("runs")));
        robot.interact(() -> window = MainWindow.open(stage, config, new FxDialogs(stage),
                new WorkbenchPrefs(new MemoryPreferences().node("dev/bridle/test"))));
    }

    private static void clickOnCellWithText(FxRobot robot, String selector, String text) {
        Node cell = robot.lookup(selector).match(LabeledMatchers.hasText(text)).query();
        robot.clickOn(cell);
    }

    private static Button runButton(FxRobot robot) {
        return robot.lookup("#run").queryButton();
    }

    private static Label status(FxRobot robot) {
        return robot.lookup("#status").queryAs(Label.class);
    }

    private static void waitForRunToEnd(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !runButton(robot).isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void runningLoopsForeverIsStoppedByTheBudgetGuard(FxRobot robot) throws Exception {
        open(robot, Folders.SAMPLES);
        ListView<Path> harnesses = robot.lookup("#harnesses").queryListView();
        ComboBox<Path> scenarios = robot.lookup("#scenarios").queryComboBox();
        assertThat(harnesses.getSelectionModel().getSelectedItem()).hasFileName("runaway-agent.harness.yaml");
        // The README's walkthrough is what the window opens on.
        assertThat(scenarios.getValue()).hasFileName("loops-forever.scenario.yaml");
        assertThat(window.viewModel().scenarioProperty().get().scenario().name()).isEqualTo("loops-forever");
        assertThat(robot.lookup("#node-research").tryQuery()).isPresent();
        assertThat(robot.lookup("#start-tag").tryQuery()).isPresent();

        robot.clickOn("#run");
        waitForRunToEnd(robot);

        TableView<EventRow> events = robot.lookup("#events").queryTableView();
        assertThat(events.getItems()).extracting(EventRow::kind).contains("guard.triggered");
        assertThat(events.getItems()).filteredOn(r -> r.kind().equals("guard.triggered"))
                .extracting(EventRow::rule).containsExactly("budget");
        assertThat(status(robot).getText()).contains("stopped").contains("'budget'");
        assertThat(status(robot).getPseudoClassStates()).contains(PseudoClass.getPseudoClass("warning"));
    }

    @Test
    void runButtonKeepsItsAccentColourWhenItIsNotFocused(FxRobot robot) {
        open(robot, Folders.SAMPLES);

        clickOnCellWithText(robot, "#harnesses .list-cell", "runaway-agent.harness.yaml");

        Button run = runButton(robot);
        assertThat(run.isFocused()).isFalse();
        // AtlantaFX's tool bar colours would otherwise leave white text on a light background.
        Color fill = (Color) run.getBackground().getFills().getLast().getFill();
        assertThat(fill.getBrightness()).isLessThan(0.9);
        assertThat(fill.getSaturation()).isGreaterThan(0.5);
    }

    @Test
    void malformedHarnessShowsWhereItIsWrongAndAValidOneStillRuns(FxRobot robot) throws Exception {
        Path folder = Folders.copyOfSamples(temp.resolve("project"));
        Folders.write(folder.resolve("broken.harness.yaml"), Folders.MALFORMED_HARNESS);
        open(robot, folder);

        clickOnCellWithText(robot, "#harnesses .list-cell", "broken.harness.yaml");

        Node problems = robot.lookup("#problems").query();
        assertThat(problems.isVisible()).isTrue();
        assertThat(robot.lookup("#problem-list .list-cell").match(LabeledMatchers.hasText(
                        Matchers.matchesPattern(".*broken\\.harness\\.yaml:\\d+:\\d+: syntax error: .*")))
                .tryQuery()).isPresent();
        assertThat(runButton(robot).isDisabled()).isTrue();
        assertThat(status(robot).getText()).contains("broken.harness.yaml cannot be used");

        robot.type(KeyCode.F5);
        assertThat(window.viewModel().runningProperty().get()).isFalse();

        clickOnCellWithText(robot, "#harnesses .list-cell", "runaway-agent.harness.yaml");

        assertThat(problems.isVisible()).isFalse();
        assertThat(robot.lookup("#node-research").tryQuery()).isPresent();
        assertThat(runButton(robot).isDisabled()).isFalse();

        robot.type(KeyCode.F5);
        waitForRunToEnd(robot);
        assertThat(status(robot).getText()).startsWith("completed by rule 'answered'");
    }

    @Test
    void whyOnTheStopNamesTheGuardAndTheInspectorShowsTheRun(FxRobot robot) throws Exception {
        open(robot, Folders.SAMPLES);
        robot.interact(() -> window.view().model().selectScenario(
                Folders.SAMPLES.resolve("runaway-agent/loops-forever.scenario.yaml")));
        assertThat(robot.lookup("#binding").queryComboBox().getValue()).isEqualTo("mock");
        robot.clickOn("#run");
        waitForRunToEnd(robot);
        javafx.scene.control.TableView<EventRow> events = robot.lookup("#events").queryTableView();
        int stop = 0;
        for (int i = 0; i < events.getItems().size(); i++) {
            if (events.getItems().get(i).kind().equals("guard.triggered")) {
                stop = i;
            }
        }
        int row = stop;
        robot.interact(() -> events.getSelectionModel().clearAndSelect(row));
        robot.clickOn("#why");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TextArea text = robot.lookup(".dialog-pane .text-area").queryAs(
                javafx.scene.control.TextArea.class);
        assertThat(text.getText()).startsWith("guard 'budget' decided stop at step 12.");
        robot.clickOn("OK");
        robot.clickOn("Inspector");
        robot.clickOn("Permissions");
        javafx.scene.control.TableView<?> checks = robot.lookup("#permission-table").queryTableView();
        // the checks are read after the timeline is shown
        org.testfx.util.WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                () -> org.testfx.util.WaitForAsyncUtils.asyncFx(() -> checks.getItems().size()).get() == 12);
    }

    @Test
    void aGutterClickSetsABreakpointAndTheDebuggedRunLightsItsNode(FxRobot robot) throws Exception {
        open(robot, Folders.SAMPLES);
        robot.interact(() -> window.view().model().selectScenario(
                Folders.SAMPLES.resolve("runaway-agent/loops-forever.scenario.yaml")));
        javafx.scene.control.TabPane bottom = robot.lookup("#bottom-tabs").queryAs(javafx.scene.control.TabPane.class);
        robot.interact(() -> bottom.getSelectionModel().select(2));
        robot.clickOn("#break-on-guards");
        Node gutter = robot.lookup("#gutter-research").query();
        robot.clickOn(gutter);
        javafx.css.PseudoClass breakpoint = javafx.css.PseudoClass.getPseudoClass("breakpoint");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(gutter.getPseudoClassStates()).contains(breakpoint);
        Button debugButton = robot.lookup("#debug").queryButton();
        // the debugger's controls are in the main tool bar, after Run, and F9 starts a debug run
        assertThat(robot.lookup(".tool-bar").queryAll()).anySatisfy(bar -> assertThat(
                ((javafx.scene.control.ToolBar) bar).getItems()).extracting(Node::getId)
                .containsSubsequence("run", "debug", "step", "step-node", "continue", "pause", "stop"));
        robot.interact(() -> bottom.getSelectionModel().select(0));
        robot.push(KeyCode.F9);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(bottom.getSelectionModel().getSelectedIndex()).as("Debug shows the Debug tab").isEqualTo(2);
        Label reason = robot.lookup("#debug-reason").queryAs(Label.class);
        // F9 pauses at the start; Continue (F8) runs to the breakpoint
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> reason.getText().startsWith("paused at #1"));
        robot.push(KeyCode.F8);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> reason.getText().startsWith("breakpoint"));
        WaitForAsyncUtils.waitForFxEvents();
        Node box = robot.lookup("#node-research").query();
        assertThat(box.getPseudoClassStates()).contains(javafx.css.PseudoClass.getPseudoClass("active"));
        assertThat(robot.lookup("#debug-reason").queryAs(Label.class).getText())
                .startsWith("breakpoint on node 'research'");
        robot.push(KeyCode.SHIFT, KeyCode.F2);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !debugButton.isDisabled());
        // the debugged run is in the store, as stopped by the person at the window
        var runs = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> window.viewModel().store().runs(dev.bridle.store.RunFilter.all()),
                window.viewModel().background()).get(30, TimeUnit.SECONDS);
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.harness()).isEqualTo("runaway-agent");
            assertThat(r.outcome()).map(o -> o.word()).contains("interrupted");
        });
    }

    @Test
    void theRunMenuShowsTheDebuggerShortcutsAndFollowsTheButtons(FxRobot robot) {
        open(robot, Folders.SAMPLES);
        javafx.scene.control.Menu run = robot.lookup("#menu-bar").queryAs(javafx.scene.control.MenuBar.class)
                .getMenus().stream().filter(m -> "menu-run".equals(m.getId())).findFirst().orElseThrow();
        java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();
        for (javafx.scene.control.MenuItem item : run.getItems()) {
            if (item.getAccelerator() != null) {
                keys.put(item.getText(), item.getAccelerator().getName());
            }
        }
        assertThat(keys).containsEntry("Debug", "F9").containsEntry("Step", "F10").containsEntry("Step to node", "F11")
                .containsEntry("Continue", "F8").containsEntry("Pause", "F6").containsEntry("Stop", "Shift+F2");
        javafx.scene.control.MenuItem step = run.getItems().stream().filter(i -> "Step".equals(i.getText()))
                .findFirst().orElseThrow();
        assertThat(step.isDisable()).as("nothing to step before a debug run").isTrue();
    }

    @Test
    void selectingAnEventSelectsItsNodeOnTheGraph(FxRobot robot) throws Exception {
        open(robot, Folders.SAMPLES);
        robot.clickOn("#run");
        waitForRunToEnd(robot);
        javafx.scene.control.TableView<EventRow> events = robot.lookup("#events").queryTableView();
        int row = 0;
        for (int i = 0; i < events.getItems().size(); i++) {
            if (events.getItems().get(i).node().equals("research")) {
                row = i;
            }
        }
        int chosen = row;
        robot.interact(() -> events.getSelectionModel().clearAndSelect(chosen));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.view().documents().current().model().selection().singleNode()).isEqualTo("research");
    }

    @Test
    void aLongRunIsReadFromTheStoreAPageAtATime(FxRobot robot) throws Exception {
        Path folder = temp.resolve("long");
        java.nio.file.Files.createDirectories(folder);
        LongRun.write(folder, 4_500);
        open(robot, folder);
        robot.clickOn("#run");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !runButton(robot).isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status(robot).getText()).contains("stopped").contains("'budget'");
        RowPages rows = window.viewModel().rows();
        int size = rows.size();
        assertThat(size).as("about five events a step").isGreaterThan(2 * RowPages.PAGE);
        TableView<EventRow> events = robot.lookup("#events").queryTableView();
        // the last page at once, the run's end last
        assertThat(events.getItems()).last().extracting(EventRow::seq).isEqualTo((long) size);
        assertThat(robot.lookup("#events-range").queryAs(Label.class).getText())
                .isEqualTo(String.format("events %,d–%,d of %,d", 2 * RowPages.PAGE + 1, size, size));

        // earlier pages are read from the run store when asked for
        robot.clickOn("#events-earlier");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> rows.pageProperty().get() == 1);
        robot.clickOn("#events-earlier");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> rows.pageProperty().get() == 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(events.getItems()).hasSize(RowPages.PAGE).first().extracting(EventRow::seq).isEqualTo(1L);

        // "Why?" on a permission check of a page read back names the rule and explains it
        int check = 0;
        while (!events.getItems().get(check).kind().equals("permission.checked")) {
            check++;
        }
        int row = check;
        robot.interact(() -> events.getSelectionModel().clearAndSelect(row));
        robot.clickOn("#why");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup(".dialog-pane .text-area").tryQuery().isPresent());
        javafx.scene.control.TextArea text = robot.lookup(".dialog-pane .text-area").queryAs(
                javafx.scene.control.TextArea.class);
        assertThat(text.getText()).startsWith("allow by rule 'read': fs.read src/a.txt")
                .contains("decision: allow by read (rule matched)");
        robot.clickOn("OK");

        // selecting a node on the graph finds its first event, on whichever page it is
        robot.clickOn("#events-later");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> rows.pageProperty().get() == 1);
        var selection = window.view().documents().current().model().selection();
        robot.interact(() -> selection.selectNode("done"));
        robot.interact(() -> selection.selectNode("work"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> rows.pageProperty().get() == 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(events.getSelectionModel().getSelectedItem()).extracting(EventRow::node).isEqualTo("work");
        assertThat(events.getItems().stream().filter(r -> r.node().equals("work")).findFirst().orElseThrow())
                .isSameAs(events.getSelectionModel().getSelectedItem());

        // what-if reads every event of the run back when it is asked for
        java.util.concurrent.CompletableFuture<Integer> all = new java.util.concurrent.CompletableFuture<>();
        robot.interact(() -> window.viewModel().allEvents(list -> all.complete(list.size())));
        assertThat(all.get(20, TimeUnit.SECONDS)).isEqualTo(size);
    }

    @Test
    void aRunOpenedFromHistoryIsShownWithItsOwnHarness(FxRobot robot) throws Exception {
        open(robot, Folders.SAMPLES);
        robot.interact(() -> window.view().model().selectScenario(
                Folders.SAMPLES.resolve("runaway-agent/loops-forever.scenario.yaml")));
        robot.clickOn("#run");
        waitForRunToEnd(robot);
        // another harness is selected, and another run shown, before the first run is opened again
        robot.interact(() -> window.view().model().selectHarness(
                Folders.SAMPLES.resolve("over-trusted-agent.harness.yaml")));
        robot.clickOn("#run");
        waitForRunToEnd(robot);
        assertThat(window.viewModel().lastRunProperty().get()).startsWith("over-trusted-agent");

        robot.clickOn("History");
        TableView<dev.bridle.store.RunSummary> runs = robot.lookup("#history-table").queryTableView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> runs.getItems().size() == 2);
        int runaway = runs.getItems().stream().map(dev.bridle.store.RunSummary::harness).toList()
                .indexOf("runaway-agent");
        robot.interact(() -> runs.getSelectionModel().clearAndSelect(runaway));
        robot.clickOn("#history-open");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> window.viewModel().lastRunProperty().get().startsWith("the run of runaway-agent from "));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status(robot).getText()).startsWith("opened the run of runaway-agent from ");
        assertThat(window.viewModel().lastRunProperty().get()).contains("(mock:loops-forever)").endsWith("stopped");
        // its harness and scenario are found in the folder by the run's digest and script, for Why? and the inspector
        assertThat(window.viewModel().shownSource().harness().harness().name()).isEqualTo("runaway-agent");
        assertThat(window.viewModel().shownSource().scenario().scenario().name()).isEqualTo("loops-forever");

        TableView<EventRow> events = robot.lookup("#events").queryTableView();
        assertThat(events.isVisible()).as("the Events tab is shown").isTrue();
        int stop = events.getItems().stream().map(EventRow::kind).toList().indexOf("guard.triggered");
        robot.interact(() -> events.getSelectionModel().clearAndSelect(stop));
        robot.clickOn("#why");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup(".dialog-pane .text-area").tryQuery().isPresent());
        assertThat(robot.lookup(".dialog-pane .text-area").queryAs(javafx.scene.control.TextArea.class).getText())
                .startsWith("guard 'budget' decided stop at step 12.");
        robot.clickOn("OK");
    }
}
