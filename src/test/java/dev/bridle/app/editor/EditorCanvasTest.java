package dev.bridle.app.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.bridle.app.MainWindow;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.GuardSpec.Stage;
import dev.bridle.policy.HarnessWriter;
import dev.bridle.policy.Position;
import dev.bridle.policy.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The editor's canvas as a user meets it, headless: a node added from the palette keeps the document valid and the
 * view still, guards are drawn and edited where they act, a large graph opens readable with a minimap, and the
 * canvas's words and switches can be read in both themes.
 */
@ExtendWith(ApplicationExtension.class)
class EditorCanvasTest {

    private javafx.stage.Stage stage;

    @Start
    void start(javafx.stage.Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    @AfterEach
    void lightAgain(FxRobot robot) {
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
    }

    private EditorView show(FxRobot robot, String yaml, double width, double height) {
        AtomicReference<EditorView> view = new AtomicReference<>();
        robot.interact(() -> {
            HarnessDocument doc = HarnessDocument.ofText(Path.of("shown.harness.yaml"), yaml, Runnable::run,
                    Platform::runLater);
            EditorView v = new EditorView(new EditorViewModel(doc, new NodeClipboard()), Runnable::run);
            Scene scene = new Scene(v, width, height);
            scene.getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("bridle.css"))
                    .toExternalForm());
            stage.setScene(scene);
            stage.show();
            view.set(v);
        });
        WaitForAsyncUtils.waitForFxEvents();
        return view.get();
    }

    private EditorView showSample(FxRobot robot, String name, double width, double height) throws Exception {
        return show(robot, Files.readString(Path.of("sample-policies", name + ".harness.yaml")), width, height);
    }

    private static Bounds onScreen(Node n) {
        return n.localToScreen(n.getBoundsInLocal());
    }

    @Test
    void aNodeAddedFromThePaletteLeavesAValidDocument(FxRobot robot) throws Exception {
        EditorView view = showSample(robot, "compounding-error", 1200, 760);

        for (String kind : dev.bridle.policy.Node.KINDS) {
            robot.clickOn("#palette-" + kind);
        }
        WaitForAsyncUtils.waitForFxEvents();

        HarnessDocument doc = view.model().document();
        assertThat(doc.harness().workflow().nodes()).containsKeys("agent", "check", "approval", "checkpoint",
                "parallel", "join", "end");
        assertThat(doc.sourceProperty().get()).doesNotContain("next: []");
        assertThat(doc.problems()).extracting(Problem::render)
                .noneMatch(p -> p.contains("error") || p.contains("expected"));
        assertThat(doc.problems()).noneMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    @Test
    void anAddKeepsTheViewStillPutsTheNodeInViewNearTheSelectionAndUndoRestoresTheView(FxRobot robot)
            throws Exception {
        EditorView view = showSample(robot, "compounding-error", 1200, 760);
        GraphCanvas canvas = view.canvas();
        robot.clickOn("#node-code");
        GraphCanvas.View before = canvas.view();

        robot.clickOn("#palette-agent");
        WaitForAsyncUtils.waitForFxEvents();

        // each defect is reported on its own: a jumping view, a node out of view or far away, an undo that
        // leaves the view where the add moved it
        SoftAssertions softly = new SoftAssertions();
        Node added = robot.from(canvas).lookup("#node-agent").query();
        Bounds shown = onScreen(canvas);
        Bounds box = onScreen(added);
        softly.assertThat(shown.contains(box)).as("the new node is in view").isTrue();
        Position code = canvas.place("code");
        Position agent = canvas.place("agent");
        softly.assertThat(Math.hypot(agent.x() - code.x(), agent.y() - code.y())).as("near the selection")
                .isLessThan(3 * AutoLayout.COLUMN_STEP);
        softly.assertThat(canvas.view().zoom()).as("the zoom").isEqualTo(before.zoom());
        softly.assertThat(Math.abs(canvas.view().panX() - before.panX())).as("the view hardly moves")
                .isLessThan(canvas.getWidth() / 3);
        softly.assertThat(onScreen(robot.from(canvas).lookup("#node-save").query()).getMinX())
                .as("the first node stays in view").isGreaterThanOrEqualTo(shown.getMinX());

        robot.interact(() -> canvas.panBy(-150, 40));
        robot.interact(view.model()::undo);
        WaitForAsyncUtils.waitForFxEvents();

        softly.assertThat(view.model().harness().workflow().nodes()).doesNotContainKey("agent");
        softly.assertThat(canvas.view()).as("undo puts the view back").isEqualTo(before);
        softly.assertAll();
    }

    @Test
    void aGuardAddedOnAnAgentNodeShowsOnItsNodeAndARunGuardOnTheRunStrip(FxRobot robot) throws Exception {
        EditorView view = showSample(robot, "compounding-error", 1200, 760);

        robot.clickOn("#node-code");
        robot.clickOn("#palette-guard-loop");
        robot.interact(() -> view.model().selection().clear());
        robot.clickOn("#palette-guard-deadline");
        WaitForAsyncUtils.waitForFxEvents();

        List<GuardSpec> guards = view.model().harness().guards();
        assertThat(guards).filteredOn(g -> g.kind().equals("loop")).singleElement()
                .satisfies(g -> assertThat(g.agent()).contains("coder"));
        assertThat(guards).filteredOn(g -> g.kind().equals("deadline")).singleElement()
                .satisfies(g -> assertThat(g.agent()).isEmpty());
        Node codeBox = robot.from(view.canvas()).lookup("#node-code").query();
        assertThat(robot.from(codeBox).lookup("#guard-chip-loop").tryQuery()).isPresent();
        assertThat(robot.from(view.runStrip()).lookup("#guard-chip-deadline").tryQuery()).isPresent();
        assertThat(robot.from(codeBox).lookup("#guard-chip-deadline").tryQuery()).as("a run guard is not on a node")
                .isEmpty();
        assertThat(view.model().document().problems()).noneMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    @Test
    void aDropOnANodeThatRunsNoAgentIsRefusedWithAReason(FxRobot robot) throws Exception {
        EditorView view = showSample(robot, "compounding-error", 1200, 760);
        int before = view.model().harness().guards().size();

        robot.interact(() -> view.model().addGuard("steps", "verify"));

        assertThat(view.model().harness().guards()).hasSize(before);
        assertThat(view.model().document().lastRefusalProperty().get()).contains("drop it on an agent node");
    }

    @Test
    void aClickOnAGuardChipEditsItInPlaceWithItsLadder(FxRobot robot) throws Exception {
        EditorView view = showSample(robot, "compounding-error", 1200, 760);
        robot.clickOn("#node-code");
        robot.clickOn("#palette-guard-loop");

        robot.clickOn("#guard-chip-loop");
        WaitForAsyncUtils.waitForFxEvents();
        Node editor = robot.lookup("#guard-in-place").query();
        assertThat(editor.getScene().getWindow()).isNotSameAs(stage);

        robot.clickOn("#ladder-add").clickOn("then escalate");
        WaitForAsyncUtils.waitForFxEvents();
        int loop = indexOf(view, "loop");
        assertThat(view.model().harness().guards().get(loop).stages()).containsExactly(Stage.STOP, Stage.ESCALATE);

        robot.clickOn("#ladder-step-0").clickOn("warn");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.model().harness().guards().get(loop).stages()).containsExactly(Stage.WARN, Stage.ESCALATE);
        // the chip on the node shows the new ladder, a step per trigger
        Node chip = robot.from(view.canvas()).lookup("#guard-chip-loop").query();
        assertThat(robot.from(chip).lookup(".ladder-step").queryAllAs(Label.class)).extracting(Label::getText)
                .containsExactly("W", "E");

        robot.clickOn("#guard-remove");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(indexOf(view, "loop")).isNegative();
        assertThat(view.model().document().problems()).noneMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    private static int indexOf(EditorView view, String id) {
        List<GuardSpec> guards = view.model().harness().guards();
        for (int i = 0; i < guards.size(); i++) {
            if (guards.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void guardChipsWrapInsideTheirNodeBox(FxRobot robot) throws Exception {
        EditorView view = showSample(robot, "compounding-error", 1200, 760);
        for (String kind : List.of("loop", "stall", "noProgress")) {
            robot.interact(() -> view.model().addGuard(kind, "code"));
        }
        WaitForAsyncUtils.waitForFxEvents();

        Node box = robot.from(view.canvas()).lookup("#node-code").query();
        // the box as it is drawn (its layout size), not its bounds in local, which grow with a chip that overflows
        Bounds outer = box.localToScreen(box.getLayoutBounds());
        assertThat(box.getLayoutBounds().getHeight()).isEqualTo(NodeSkin.HEIGHT, offset(0.5));
        List<Node> chips = robot.from(box).lookup(".guard-badge").queryAll().stream().toList();
        assertThat(chips).hasSizeGreaterThanOrEqualTo(2);
        for (Node chip : chips) {
            Bounds b = onScreen(chip);
            assertThat(b.getMinX()).isGreaterThanOrEqualTo(outer.getMinX());
            assertThat(b.getMaxX()).isLessThanOrEqualTo(outer.getMaxX());
            assertThat(b.getMaxY()).isLessThanOrEqualTo(outer.getMaxY());
        }
    }

    @Test
    void aLargeGraphOpensAtSixtyPercentOrMoreWithAMinimapThatPans(FxRobot robot) throws Exception {
        EditorView view = show(robot, HarnessWriter.yaml(EditorBench.generated(60)), 1200, 760);
        GraphCanvas canvas = view.canvas();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(canvas.zoomProperty().get()).isGreaterThanOrEqualTo(GraphCanvas.MIN_FIT_ZOOM);
        Minimap map = canvas.minimap();
        assertThat(map.isVisible()).isTrue();

        GraphCanvas.View before = canvas.view();
        Bounds m = onScreen(map);
        robot.clickOn(m.getMaxX() - 8, m.getMaxY() - 8);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(canvas.view()).isNotEqualTo(before);
        assertThat(canvas.view().zoom()).isEqualTo(before.zoom());
    }

    @Test
    void aSmallGraphOpensReadableWithNoMinimapInAWideOrANarrowEditor(FxRobot robot) throws Exception {
        // the narrow editor leaves the canvas about 500 pixels, where lost-context once opened below 60 %
        for (double width : List.of(1200.0, 1000.0)) {
            EditorView view = showSample(robot, "lost-context", width, 760);

            assertThat(view.canvas().minimap().isVisible()).as("a minimap at %s", width).isFalse();
            assertThat(view.canvas().zoomProperty().get()).as("the zoom at %s", width)
                    .isGreaterThanOrEqualTo(GraphCanvas.MIN_FIT_ZOOM);
        }
    }

    @Test
    void thenAndElseLabelsAreLegibleInBothThemes(FxRobot robot) throws Exception {
        for (String theme : List.of(new PrimerLight().getUserAgentStylesheet(),
                new PrimerDark().getUserAgentStylesheet())) {
            robot.interact(() -> Application.setUserAgentStylesheet(theme));
            EditorView view = showSample(robot, "compounding-error", 1200, 760);
            WaitForAsyncUtils.waitForFxEvents();
            for (String port : List.of("then", "else")) {
                Label word = robot.from(view.canvas()).lookup(".port-label.port-" + port).queryAs(Label.class);
                assertThat(word.getFont().getSize()).as("%s in %s", port, theme).isGreaterThanOrEqualTo(11.5);
                // the word is read against its own pill, or against the canvas where it has none
                Paint fill = fill(word) == Color.TRANSPARENT ? fill(view.canvas()) : fill(word);
                assertThat(contrast((Color) word.getTextFill(), (Color) fill)).as("%s in %s", port, theme)
                        .isGreaterThanOrEqualTo(3.0);
            }
        }
    }

    @Test
    void theSelectedViewSwitchLooksSelected(FxRobot robot) throws Exception {
        EditorView view = showSample(robot, "compounding-error", 1200, 760);
        ToggleButton graph = robot.lookup("#tab-graph").queryAs(ToggleButton.class);
        ToggleButton source = robot.lookup("#tab-source").queryAs(ToggleButton.class);

        // the defect: the selected half was drawn as an empty text field is, white in a grey border
        Paint field = textFieldFill(view);
        assertThat(graph.isSelected()).isTrue();
        assertThat(fill(graph)).isNotEqualTo(fill(source));
        assertThat(fill(graph)).as("the selected half does not look like a text field").isNotEqualTo(field);
        assertThat(graph.getText()).isEqualTo("Graph");

        robot.clickOn(source);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.showsSource()).isTrue();
        assertThat(source.isSelected()).isTrue();
        assertThat(fill(source)).isNotEqualTo(fill(graph));
        assertThat(fill(source)).as("the selected half does not look like a text field").isNotEqualTo(field);
        robot.clickOn(source);
        assertThat(view.showsSource()).as("a second click does not leave nothing shown").isTrue();
    }

    /** The fill of an empty text field under the same theme and style sheets as {@code view}. */
    private static Paint textFieldFill(EditorView view) {
        AtomicReference<Paint> fill = new AtomicReference<>();
        FxRobot robot = new FxRobot();
        robot.interact(() -> {
            TextField field = new TextField();
            Scene scene = new Scene(new StackPane(field));
            scene.getStylesheets().setAll(view.getScene().getStylesheets());
            field.applyCss();
            fill.set(fill(field));
        });
        return fill.get();
    }

    private static Paint fill(Region r) {
        return r.getBackground() == null || r.getBackground().getFills().isEmpty() ? Color.TRANSPARENT
                : r.getBackground().getFills().getLast().getFill();
    }

    /** The WCAG contrast ratio of two colours. */
    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * channel(c.getRed()) + 0.7152 * channel(c.getGreen()) + 0.0722 * channel(c.getBlue());
    }

    private static double channel(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
