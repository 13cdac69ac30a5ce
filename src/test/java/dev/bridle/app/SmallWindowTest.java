package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.app.debug.DebugView;
import dev.bridle.app.debug.DebugViewModel;
import dev.bridle.app.editor.EditorView;
import dev.bridle.app.layout.ToolBarWithLine;
import dev.bridle.store.RunStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench at 1024×700, the smallest window the README promises: what a user needs is shown whole, inside the
 * window, never in a tool bar's overflow menu and never cut off; and at 1400×900 it stays where it was.
 */
@ExtendWith(ApplicationExtension.class)
class SmallWindowTest {

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
        robot.interact(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage && w instanceof Stage s) {
                    s.close();
                }
            }
        });
        if (window != null) {
            robot.interact(window::close);
        }
        // The primary stage is shared by every TestFX class in this JVM, and a stage sized by hand keeps that size
        // for the next scene: give it back the size MainWindow opens at on this screen, or the test classes after
        // this one would open their workbench at 1024×700 (a narrow editor) without asking for it.
        robot.interact(() -> {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            stage.setWidth(Math.min(screen.getWidth(), Math.max(MainWindow.DEFAULT_WIDTH,
                    Math.min(1600, screen.getWidth()))));
            stage.setHeight(Math.min(screen.getHeight(), Math.max(MainWindow.DEFAULT_HEIGHT,
                    Math.min(1000, screen.getHeight()))));
        });
    }

    /** Opens the samples on {@code harness} in a window of {@code width}×{@code height}, as a screen that size does. */
    private void open(FxRobot robot, String harness, String scenario, double width, double height) {
        WorkbenchConfig config = new WorkbenchConfig(Folders.SAMPLES, RunStore.fileUrl(temp.resolve("runs")),
                harness, scenario);
        robot.interact(() -> {
            // sized before it opens: the window lays its panes out for this size, as on a screen of this size
            stage.setWidth(width);
            stage.setHeight(height);
            window = MainWindow.open(stage, config, new FxDialogs(stage),
                    new WorkbenchPrefs(new MemoryPreferences().node("dev/bridle/test")));
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.getScene().getWidth()).isEqualTo(width, org.assertj.core.data.Offset.offset(1.0));
    }

    private void resize(FxRobot robot, double width, double height) {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void statusLineIsShownWholeUnderTheToolBarAt1024x700AndInItAt1400x900(FxRobot robot) throws Exception {
        open(robot, "runaway-agent.harness.yaml", "loops-forever.scenario.yaml", 1024, 700);
        robot.clickOn("#run");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#run").queryButton().isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
        Label status = robot.lookup("#status").queryAs(Label.class);
        assertThat(status.getText()).startsWith("stopped by guard 'budget'");
        ToolBarWithLine top = ancestor(status, ToolBarWithLine.class);
        assertThat(top.lineBelow()).as("a 1024-wide tool bar has no room for the status").isTrue();
        assertThat(top.bar().getItems()).doesNotContain(status);
        assertShownWhole(status);
        assertNoOverflow(top.bar());
        assertInside(top.bar(), stage.getScene());
        // the walkthrough's next step: the guard.triggered event in Events, its kind and the table's title whole
        Node triggered = robot.lookup("#events .table-cell").match(
                (Node n) -> n instanceof Labeled l && "guard.triggered".equals(l.getText())).query();
        assertThat(((Labeled) triggered).isTextTruncated()).isFalse();
        Label title = robot.lookup("#last-run").queryAs(Label.class);
        assertThat(title.getText()).startsWith("Events of runaway-agent");
        assertShownWhole(title);
        for (Node header : robot.lookup("#events .column-header .label").queryAll()) {
            assertThat(((Labeled) header).isTextTruncated()).as("column %s", ((Labeled) header).getText()).isFalse();
        }

        resize(robot, 1400, 900);
        // at the default size the run's ending is back at the end of the tool bar, whole, as the README shows it
        assertThat(top.lineBelow()).isFalse();
        assertThat(top.bar().getItems()).contains(status);
        assertShownWhole(status);
        assertNoOverflow(top.bar());
        // so is a status of ordinary length
        robot.interact(() -> window.viewModel().selectHarness(Folders.SAMPLES.resolve("looping-agent.harness.yaml")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).startsWith("ready: looping-agent");
        assertThat(top.lineBelow()).as("at 1400×900 the status keeps its place at the end of the tool bar").isFalse();
        assertThat(top.bar().getItems()).contains(status);
        assertShownWhole(status);
        assertNoOverflow(top.bar());
    }

    @Test
    void debuggersStopReasonIsShownWholeAt1024x700(FxRobot robot) throws Exception {
        open(robot, "runaway-agent.harness.yaml", "loops-forever.scenario.yaml", 1024, 700);
        TabPane bottom = robot.lookup("#bottom-tabs").queryAs(TabPane.class);
        robot.interact(() -> bottom.getSelectionModel().select(2));
        DebugViewModel debug = robot.lookup("#debug-view").queryAs(DebugView.class).model();
        robot.push(KeyCode.F9);
        Label reason = robot.lookup("#debug-reason").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> reason.getText().startsWith("paused at #1"));
        WaitForAsyncUtils.waitForFxEvents();
        assertShownWhole(reason);
        ToolBarWithLine bar = ancestor(reason, ToolBarWithLine.class);
        assertNoOverflow(bar.bar());
        for (String control : List.of("#break-on-guards", "#break-on-denials", "#time-travel")) {
            assertShownWhole(robot.lookup(control).query());
        }
        // and how the session ended, the longest of its lines
        robot.push(KeyCode.F8);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> debug.stateProperty().get() != DebugViewModel.State.RUNNING);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(reason.getText()).isNotEmpty();
        assertShownWhole(reason);
        Label status = robot.lookup("#status").queryAs(Label.class);
        assertThat(status.getText()).isNotEmpty();
        assertShownWhole(status);
        if (debug.stateProperty().get() == DebugViewModel.State.PAUSED) {
            robot.interact(debug::stop);
        }
    }

    @Test
    void stateInspectorsMetersAndCountsAreNotCutAt1024x700(FxRobot robot) throws Exception {
        open(robot, "lost-context.harness.yaml", "keeps-the-requirement.scenario.yaml", 1024, 700);
        TabPane bottom = robot.lookup("#bottom-tabs").queryAs(TabPane.class);
        robot.interact(() -> bottom.getSelectionModel().select(2));
        DebugViewModel debug = robot.lookup("#debug-view").queryAs(DebugView.class).model();
        robot.interact(() -> {
            debug.breakOnGuardsProperty().set(false);
            debug.kindBreakpoints().add("context.compacted");
        });
        robot.clickOn("#debug");
        awaitPaused(debug);
        robot.interact(debug::resume);
        awaitPaused(debug);
        Label reason = robot.lookup("#debug-reason").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> reason.getText().contains("context.compacted"));
        WaitForAsyncUtils.waitForFxEvents();
        ScrollPane inspector = robot.lookup("#state-inspector").queryAs(ScrollPane.class);
        Bounds view = inspector.localToScene(inspector.getLayoutBounds());
        List<Node> labels = inspector.lookup("#guard-meters").lookupAll(".label").stream()
                .filter(l -> l instanceof Label m && m.getText() != null && m.getText().contains(": ")).toList();
        assertThat(labels).as("a meter per guard of lost-context").hasSizeGreaterThanOrEqualTo(2);
        // the context's counts (in the pane's body, not its one-line title) and the "at #N" line are whole too
        List<Label> texts = new java.util.ArrayList<>(labels.stream().map(Label.class::cast).toList());
        texts.addAll(inspector.lookupAll(".label").stream().filter(Label.class::isInstance)
                .map(Label.class::cast).filter(l -> l.getText() != null
                        && (l.getText().startsWith("at #") || l.getText().contains(" tokens in "))).toList());
        texts.sort(java.util.Comparator.comparing(l -> !labels.contains(l))); // the meters first
        for (Label label : texts) {
            // the inspector scrolls up and down: each line is whole across its width, wherever it is
            assertThat(label.isTextTruncated()).as("'%s' is cut off", label.getText()).isFalse();
            Bounds b = label.localToScene(label.getLayoutBounds());
            assertThat(b.getMinX()).as("'%s' starts inside the inspector", label.getText())
                    .isGreaterThanOrEqualTo(view.getMinX() - 0.5);
            assertThat(b.getMaxX()).as("'%s' ends inside the inspector", label.getText())
                    .isLessThanOrEqualTo(view.getMaxX() + 0.5);
        }
        assertThat(texts).hasSizeGreaterThanOrEqualTo(labels.size() + 2);
        assertShownWhole(labels.getFirst());
        robot.interact(debug::stop);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> debug.stateProperty().get() == DebugViewModel.State.ENDED);
    }

    @Test
    void permissionMatrixWindowBringsEveryAgentAndRuleIntoViewUnderItsHeadersAt1024x700(FxRobot robot)
            throws Exception {
        open(robot, "release-train.harness.yaml", "ships.scenario.yaml", 1024, 700);
        TabPane inspector = robot.lookup("#inspector").queryAs(TabPane.class);
        Tab permissions = inspector.getTabs().stream().filter(t -> "tab-permissions".equals(t.getId()))
                .findFirst().orElseThrow();
        robot.interact(() -> inspector.getSelectionModel().select(permissions));
        WaitForAsyncUtils.waitForFxEvents();
        // in the inspector itself, the try-a-call box opens and scrolls into view rather than being cut off
        javafx.scene.control.TitledPane tryPane = robot.lookup("#try-a-call-pane")
                .queryAs(javafx.scene.control.TitledPane.class);
        robot.interact(() -> tryPane.setExpanded(true));
        WaitForAsyncUtils.sleep(800, TimeUnit.MILLISECONDS); // it opens with an animation
        WaitForAsyncUtils.waitForFxEvents();
        ScrollPane tab = ancestor(tryPane, ScrollPane.class);
        robot.interact(() -> tab.setVvalue(1));
        WaitForAsyncUtils.waitForFxEvents();
        Bounds tabView = tab.localToScene(tab.getLayoutBounds());
        for (String id : List.of("#try-path", "#try-command")) {
            Node field = tryPane.lookup(id);
            assertThat(tabView.contains(field.localToScene(field.getLayoutBounds())))
                    .as("%s of the inspector's try-a-call box in view", id).isTrue();
        }
        robot.interact(() -> tryPane.setExpanded(false));
        robot.interact(() -> robot.lookup("#open-permission-matrix").queryButton().fire());
        WaitForAsyncUtils.waitForFxEvents();
        Stage matrix = (Stage) Window.getWindows().stream().filter(w -> w != stage).findFirst().orElseThrow();
        assertThat(matrix.getWidth()).isLessThanOrEqualTo(1024);
        assertThat(matrix.getHeight()).isLessThanOrEqualTo(700);
        Scene scene = matrix.getScene();
        ScrollPane scroll = (ScrollPane) scene.getRoot().lookup("#permission-matrix-scroll");
        Parent grid = (Parent) scroll.getContent();
        // the grid's first row names the tools (fs.read, fs.write, tests.run), its first column the four agents
        List<Node> toolHeads = grid.getChildrenUnmodifiable().stream()
                .filter(h -> javafx.scene.layout.GridPane.getRowIndex(h) == 0
                        && javafx.scene.layout.GridPane.getColumnIndex(h) > 0).toList();
        List<Node> agentHeads = grid.getChildrenUnmodifiable().stream()
                .filter(h -> javafx.scene.layout.GridPane.getColumnIndex(h) == 0
                        && javafx.scene.layout.GridPane.getRowIndex(h) > 0).toList();
        assertThat(toolHeads).hasSize(3);
        assertThat(agentHeads).hasSize(4);
        assertThat(grid.getLayoutBounds().getHeight()).as("the four agents' rows do not fit at once")
                .isGreaterThan(scroll.getViewportBounds().getHeight());
        List<Node> targets = new java.util.ArrayList<>(agentHeads);
        targets.addAll(grid.lookupAll(".rule-chip"));
        assertThat(targets).hasSizeGreaterThan(agentHeads.size());
        for (Node target : targets) {
            scrollTo(robot, scroll, target);
            Bounds viewport = scroll.localToScene(scroll.getLayoutBounds());
            Bounds b = target.localToScene(target.getLayoutBounds());
            assertThat(viewport.contains(b)).as("%s brought into view", describe(target)).isTrue();
            // the tools' row stays above whatever is in view, and does not hide it
            for (Node head : toolHeads) {
                Bounds h = head.localToScene(head.getLayoutBounds());
                assertThat(h.getMinY()).as("tool header in view").isGreaterThanOrEqualTo(viewport.getMinY() - 1);
                if (!agentHeads.contains(target)) {
                    assertThat(h.intersects(b)).as("%s under a tool header", describe(target)).isFalse();
                }
            }
        }
        // the try-a-call box is whole in the window
        for (String id : List.of("#try-agent", "#try-tool", "#try-path", "#try-host", "#try-command")) {
            assertInside(scene.getRoot().lookup(id), scene);
        }
    }

    @Test
    void editorGivesTheCanvasTheRoomAt1024x700AndStaysAsItWasAt1400x900(FxRobot robot) throws Exception {
        open(robot, "release-train.harness.yaml", "ships.scenario.yaml", 1024, 700);
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        EditorView editor = window.view().documents().current();
        assertThat(editor.compactProperty().get()).isTrue();
        ToolBar graphBar = (ToolBar) editor.lookup(".graph-bar");
        assertNoOverflow(graphBar);
        for (Node item : graphBar.getItems()) {
            if (!(item instanceof javafx.scene.layout.Region r && r.getStyleClass().isEmpty())) {
                assertInside(item, stage.getScene());
            }
        }
        ToggleButton graph = robot.lookup("#tab-graph").queryAs(ToggleButton.class);
        assertThat(graph.getContentDisplay()).isEqualTo(ContentDisplay.GRAPHIC_ONLY);
        assertThat(graph.getTooltip().getText()).isEqualTo("The graph");
        for (Node entry : editor.lookupAll(".palette-entry")) {
            Button b = (Button) entry;
            assertThat(b.isTextTruncated()).as("palette entry %s", b.getText()).isFalse();
        }
        Node canvas = editor.canvas();
        assertThat(canvas.getLayoutBounds().getWidth()).as("the canvas's width").isGreaterThanOrEqualTo(340);
        // the twelve nodes do not fit: the minimap shows where the rest is, whole, inside the canvas
        Node minimap = canvas.lookup("#minimap");
        assertThat(minimap.isVisible()).isTrue();
        Bounds map = minimap.localToScene(minimap.getBoundsInLocal());
        Bounds room = canvas.localToScene(canvas.getLayoutBounds());
        assertThat(room.contains(map)).as("minimap %s inside canvas %s", map, room).isTrue();

        assertInspectorTabsShown(editor);

        resize(robot, 1400, 900);
        assertInspectorTabsShown(editor);
        assertThat(editor.compactProperty().get()).isFalse();
        assertThat(graph.getContentDisplay()).isEqualTo(ContentDisplay.LEFT);
        assertNoOverflow(graphBar);
        assertThat(((javafx.scene.layout.Region) editor.lookup(".palette")).getWidth()).isEqualTo(150);
    }

    /** The inspector's four tabs all in its header, whole, with no menu of the tabs that do not fit. */
    private static void assertInspectorTabsShown(EditorView editor) {
        TabPane inspector = editor.inspector();
        Node menu = inspector.lookup(".control-buttons-tab");
        if (menu != null) {
            assertThat(menu.isVisible()).as("the inspector's header shows its menu of hidden tabs").isFalse();
        }
        Bounds header = inspector.localToScene(inspector.getLayoutBounds());
        List<Node> tabs = List.copyOf(inspector.lookupAll(".tab-header-area .tab"));
        assertThat(tabs).hasSize(4);
        for (Node tab : tabs) {
            Labeled label = (Labeled) tab.lookup(".tab-label");
            assertThat(tab.isVisible()).isTrue();
            assertThat(label.isTextTruncated()).as("tab %s", label.getText()).isFalse();
            Bounds b = tab.localToScene(tab.getLayoutBounds());
            assertThat(b.getMaxX()).as("tab %s ends inside the inspector", label.getText())
                    .isLessThanOrEqualTo(header.getMaxX() + 0.5);
        }
    }

    private static void awaitPaused(DebugViewModel debug) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> debug.stateProperty().get() == DebugViewModel.State.PAUSED);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Scrolls {@code scroll} so that {@code target} is in the middle of its view, as far as the grid allows. */
    private static void scrollTo(FxRobot robot, ScrollPane scroll, Node target) {
        robot.interact(() -> {
            Node content = scroll.getContent();
            Bounds in = content.sceneToLocal(target.localToScene(target.getLayoutBounds()));
            // a header is kept in view by its own translation: place its untranslated spot
            in = new javafx.geometry.BoundingBox(in.getMinX() - target.getTranslateX(),
                    in.getMinY() - target.getTranslateY(), in.getWidth(), in.getHeight());
            Bounds view = scroll.getViewportBounds();
            double spareX = content.getLayoutBounds().getWidth() - view.getWidth();
            double spareY = content.getLayoutBounds().getHeight() - view.getHeight();
            if (spareX > 0) {
                scroll.setHvalue(Math.clamp((in.getCenterX() - view.getWidth() / 2) / spareX, 0, 1));
            }
            if (spareY > 0) {
                scroll.setVvalue(Math.clamp((in.getCenterY() - view.getHeight() / 2) / spareY, 0, 1));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String describe(Node n) {
        if (n instanceof Labeled l) {
            return "'" + l.getText() + "'";
        }
        return n.lookupAll(".label").stream().filter(Label.class::isInstance).map(l -> ((Label) l).getText())
                .findFirst().map(t -> "'" + t + "'").orElse(n.toString());
    }

    /** Shown, on every level up to the scene, inside the window, and (a text) not cut off. */
    private static void assertShownWhole(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            assertThat(n.isVisible()).as("%s and its parents are visible (%s is not)", node, n).isTrue();
        }
        assertThat(node.getScene()).isNotNull();
        assertInside(node, node.getScene());
        if (node instanceof Labeled l) {
            assertThat(l.isTextTruncated()).as("'%s' is cut off", l.getText()).isFalse();
            double text = new javafx.scene.text.Text(l.getText()) {
                {
                    setFont(l.getFont());
                }
            }.getLayoutBounds().getWidth();
            if (!l.isWrapText()) {
                assertThat(l.getWidth()).as("'%s' is as wide as its text", l.getText()).isGreaterThanOrEqualTo(text);
            }
        }
    }

    private static void assertInside(Node node, Scene scene) {
        Bounds b = node.localToScene(node.getLayoutBounds());
        assertThat(b.getMinX()).as("%s left edge", node).isGreaterThanOrEqualTo(-0.5);
        assertThat(b.getMinY()).as("%s top edge", node).isGreaterThanOrEqualTo(-0.5);
        assertThat(b.getMaxX()).as("%s right edge", node).isLessThanOrEqualTo(scene.getWidth() + 0.5);
        assertThat(b.getMaxY()).as("%s bottom edge", node).isLessThanOrEqualTo(scene.getHeight() + 0.5);
    }

    /** Nothing of {@code bar} waits in its overflow menu: the ">>" button is not shown, every item is. */
    private static void assertNoOverflow(ToolBar bar) {
        Node overflow = bar.lookup(".tool-bar-overflow-button");
        if (overflow != null) {
            assertThat(overflow.isVisible()).as("%s shows its overflow button", bar).isFalse();
        }
        for (Node item : bar.getItems()) {
            if (item.isManaged()) {
                assertThat(item.isVisible()).as("%s is in the overflow menu", item).isTrue();
            }
        }
    }

    private static <T> T ancestor(Node node, Class<T> type) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (type.isInstance(n)) {
                return type.cast(n);
            }
        }
        throw new AssertionError(node + " is not inside a " + type.getSimpleName());
    }
}
