package dev.bridle.app.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import atlantafx.base.theme.PrimerLight;
import dev.bridle.app.MainWindow;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
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
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Guards and nodes dragged from the palette with the mouse, as a user drags them: the robot presses on a palette
 * entry, moves across the window and releases over a node, the run strip or the empty canvas, so the platform's own
 * drag-and-drop carries the entry (no handler is called by hand). Each drop is read back from the saved file.
 */
@ExtendWith(ApplicationExtension.class)
class GuardDragAndDropTest {

    private Stage stage;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    /** Opens a copy of sample {@code name} from a real file in the editor, in a window of 1200×760. */
    private EditorView open(FxRobot robot, String name) throws Exception {
        Path file = dir.resolve(name + ".harness.yaml");
        Files.copy(Path.of("sample-policies", name + ".harness.yaml"), file);
        AtomicReference<EditorView> view = new AtomicReference<>();
        robot.interact(() -> {
            try {
                HarnessDocument doc = HarnessDocument.open(file, Runnable::run, Platform::runLater);
                EditorView v = new EditorView(new EditorViewModel(doc, new NodeClipboard()), Runnable::run);
                Scene scene = new Scene(v, 1200, 760);
                scene.getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("bridle.css"))
                        .toExternalForm());
                stage.setScene(scene);
                stage.show();
                view.set(v);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        return view.get();
    }

    /** Presses on {@code from}, moves in steps to {@code to} and releases there: a real drag, not a call. */
    private static void drag(FxRobot robot, Node from, Point2D to) {
        robot.drag(from, MouseButton.PRIMARY);
        robot.moveBy(12, 4);
        robot.moveTo(to);
        robot.drop();
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Point2D centre(Node n) {
        Bounds b = n.localToScreen(n.getBoundsInLocal());
        return new Point2D(b.getCenterX(), b.getCenterY());
    }

    /** Saves the document to its file and reads the file back as the run would: it must read with no error. */
    private static Harness savedAndReadBack(EditorView view, FxRobot robot) throws Exception {
        robot.interact(() -> {
            try {
                view.model().document().save();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path file = view.model().document().fileProperty().get();
        return HarnessReader.read(file).harness();
    }

    private static List<GuardSpec> ofKind(List<GuardSpec> guards, String kind) {
        return guards.stream().filter(g -> g.kind().equals(kind)).toList();
    }

    @Test
    void aGuardDraggedOntoAnAgentNodeWatchesThatNodesAgentNotTheSelectedOne(FxRobot robot) throws Exception {
        EditorView view = open(robot, "release-train");
        String original = view.model().document().sourceProperty().get();
        // the selection is the planner's node: a drop must go where it lands, not to the selection
        robot.clickOn("#node-plan");
        Node docs = robot.from(view.canvas()).lookup("#node-docs").query();

        drag(robot, robot.lookup("#palette-guard-noProgress").query(), centre(docs));

        List<GuardSpec> added = ofKind(view.model().harness().guards(), "noProgress");
        assertThat(added).singleElement().satisfies(g -> assertThat(g.agent()).contains("writer"));
        String id = added.getFirst().id();
        // the canvas draws its boxes anew on every change of the document
        docs = robot.from(view.canvas()).lookup("#node-docs").query();
        assertThat(robot.from(docs).lookup("#guard-chip-" + id).tryQuery()).as("the chip is on the node it was dropped"
                + " on").isPresent();
        Node plan = robot.from(view.canvas()).lookup("#node-plan").query();
        assertThat(robot.from(plan).lookup("#guard-chip-" + id).tryQuery()).isEmpty();
        assertThat(view.model().document().problems()).noneMatch(p -> p.severity() == Problem.Severity.ERROR);

        Harness saved = savedAndReadBack(view, robot);
        assertThat(ofKind(saved.guards(), "noProgress")).singleElement()
                .satisfies(g -> assertThat(g.agent()).contains("writer"));

        robot.interact(view.model()::undo);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.model().document().sourceProperty().get()).isEqualTo(original);
    }

    @Test
    void aGuardDraggedOntoTheRunStripOrTheEmptyCanvasWatchesTheWholeRun(FxRobot robot) throws Exception {
        EditorView view = open(robot, "release-train");

        drag(robot, robot.lookup("#palette-guard-cost").query(), centre(view.runStrip()));
        // below the bottom row of nodes the canvas is empty
        Bounds canvas = view.canvas().localToScreen(view.canvas().getBoundsInLocal());
        drag(robot, robot.lookup("#palette-guard-tokens").query(),
                new Point2D(canvas.getMinX() + 30, canvas.getMaxY() - 30));

        assertThat(view.canvas().nodeAt(view.canvas().toWorld(30, view.canvas().getHeight() - 30)))
                .as("the second drop is on no node").isNull();
        List<GuardSpec> guards = view.model().harness().guards();
        assertThat(ofKind(guards, "cost")).singleElement().satisfies(g -> assertThat(g.agent()).isEmpty());
        assertThat(ofKind(guards, "tokens")).singleElement().satisfies(g -> assertThat(g.agent()).isEmpty());
        for (String kind : List.of("cost", "tokens")) {
            String id = ofKind(guards, kind).getFirst().id();
            assertThat(robot.from(view.runStrip()).lookup("#guard-chip-" + id).tryQuery()).as(kind).isPresent();
        }
        Harness saved = savedAndReadBack(view, robot);
        assertThat(ofKind(saved.guards(), "cost")).singleElement().satisfies(g -> assertThat(g.agent()).isEmpty());
        assertThat(ofKind(saved.guards(), "tokens")).singleElement().satisfies(g -> assertThat(g.agent()).isEmpty());
    }

    @Test
    void aGuardDroppedOnANodeThatRunsNoAgentChangesNothingAndSaysWhy(FxRobot robot) throws Exception {
        EditorView view = open(robot, "release-train");
        String original = view.model().document().sourceProperty().get();
        Node verify = robot.from(view.canvas()).lookup("#node-verify").query();

        drag(robot, robot.lookup("#palette-guard-loop").query(), centre(verify));

        assertThat(view.model().document().sourceProperty().get()).isEqualTo(original);
        assertThat(view.model().document().lastRefusalProperty().get()).contains("drop it on an agent node");
        assertThat(view.model().document().isDirty()).isFalse();
    }

    @Test
    void aNodeDraggedFromThePaletteLandsWhereItWasDroppedAndTheDocumentReads(FxRobot robot) throws Exception {
        EditorView view = open(robot, "compounding-error");
        GraphCanvas canvas = view.canvas();
        Bounds shown = canvas.localToScreen(canvas.getBoundsInLocal());
        // under the row of nodes, left of the middle: empty canvas
        Point2D at = new Point2D(shown.getMinX() + shown.getWidth() * 0.4, shown.getMaxY() - 120);
        Point2D world = canvas.toWorld(at.getX() - shown.getMinX(), at.getY() - shown.getMinY());

        drag(robot, robot.lookup("#palette-agent").query(), at);

        assertThat(view.model().harness().workflow().nodes()).containsKey("agent");
        Position p = canvas.place("agent");
        // the node is centred on the drop, its corner snapped to the grid
        double half = EditorViewModel.GRID / 2;
        assertThat(p.x() + NodeSkin.WIDTH / 2).isCloseTo(world.getX(), offset(half));
        assertThat(p.y() + NodeSkin.HEIGHT / 2).isCloseTo(world.getY(), offset(half));
        assertThat(view.model().document().problems()).noneMatch(pr -> pr.severity() == Problem.Severity.ERROR);
        assertThat(savedAndReadBack(view, robot).workflow().nodes()).containsKey("agent");
    }
}
