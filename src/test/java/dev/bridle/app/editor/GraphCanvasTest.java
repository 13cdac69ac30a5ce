package dev.bridle.app.editor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.HarnessWriter;
import dev.bridle.policy.Position;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The canvas on a 500-node graph, headless: skins follow the view, and zoomed far out they are bare boxes. */
@ExtendWith(ApplicationExtension.class)
class GraphCanvasTest {

    private GraphCanvas canvas;

    @Start
    void start(Stage stage) {
        String yaml = HarnessWriter.yaml(EditorBench.generated(500));
        HarnessDocument doc = HarnessDocument.ofText(null, yaml, Runnable::run, Platform::runLater);
        EditorView view = new EditorView(new EditorViewModel(doc, new NodeClipboard()), Runnable::run);
        canvas = view.canvas();
        stage.setScene(new Scene(view, 1200, 760)); // within the headless screen (1280×800)
        stage.show();
    }

    /** Moves the view on the FX thread, then waits until the skins have caught up with it. */
    private void moveAndSettle(FxRobot robot, Runnable move) throws Exception {
        robot.interact(move);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            AtomicReference<Boolean> done = new AtomicReference<>();
            robot.interact(() -> done.set(everyNodeInViewHasASkin()));
            return done.get();
        });
    }

    private boolean everyNodeInViewHasASkin() {
        Point2D a = canvas.toWorld(0, 0);
        Point2D b = canvas.toWorld(canvas.getWidth(), canvas.getHeight());
        for (int i = 0; i < 500; i++) {
            String id = "n" + i;
            Position p = canvas.place(id);
            boolean inView = p.x() + NodeSkin.WIDTH > a.getX() && p.x() < b.getX() && p.y() + NodeSkin.HEIGHT > a.getY()
                    && p.y() < b.getY();
            if (inView && !canvas.skins().containsKey(id)) {
                return false;
            }
        }
        return true;
    }

    private void showAt100(FxRobot robot, String id) throws Exception {
        moveAndSettle(robot, () -> {
            canvas.zoomProperty().set(1);
            Position p = canvas.place(id);
            canvas.panBy(canvas.getWidth() / 2 - p.x() - canvas.panX(), canvas.getHeight() / 2 - p.y() - canvas.panY());
        });
    }

    @Test
    void onlyTheNodesInAndAroundTheViewHaveSkins(FxRobot robot) throws Exception {
        showAt100(robot, "n100");

        assertThat(canvas.skins()).containsKey("n100").doesNotContainKey("n10").doesNotContainKey("n300");
        assertThat(canvas.skins().size()).isLessThan(30);
    }

    @Test
    void aPanFarAwayMakesTheSkinsThereAndLetsTheOldOnesGo(FxRobot robot) throws Exception {
        showAt100(robot, "n100");
        Position from = canvas.place("n100");
        Position to = canvas.place("n300");

        moveAndSettle(robot, () -> canvas.panBy(from.x() - to.x(), from.y() - to.y()));

        assertThat(canvas.skins()).containsKey("n300").doesNotContainKey("n100");
        assertThat(robot.lookup("#node-n300").tryQuery()).isPresent();
    }

    @Test
    void zoomedFarOutNodesAreBareBoxesAndGetTheirTextBackWhenZoomedIn(FxRobot robot) throws Exception {
        showAt100(robot, "n100");
        assertThat(texts(robot, "n100")).isNotEmpty().allMatch(GraphCanvasTest::shown);

        moveAndSettle(robot, () -> canvas.zoomAt(canvas.getWidth() / 2, canvas.getHeight() / 2, 0.3));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> texts(robot, "n100").stream().noneMatch(GraphCanvasTest::shown));
        assertThat(robot.lookup("#node-n100").tryQuery()).isPresent();
        assertThat(robot.lookup("#gutter-n100").tryQuery()).isPresent();

        moveAndSettle(robot, () -> canvas.zoomAt(canvas.getWidth() / 2, canvas.getHeight() / 2, 1 / 0.3));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !texts(robot, "n100").isEmpty()
                && texts(robot, "n100").stream().allMatch(GraphCanvasTest::shown));
    }

    @Test
    void aSelectedNodeKeepsItsSkinAndItsMarkWhereverTheViewGoes(FxRobot robot) throws Exception {
        showAt100(robot, "n100");
        robot.interact(() -> canvas.activeNodeProperty().set("n101"));
        EditorSelection selection = ((EditorView) canvas.getScene().getRoot()).model().selection();
        robot.interact(() -> selection.selectNode("n100"));
        Position from = canvas.place("n100");
        Position to = canvas.place("n300");

        moveAndSettle(robot, () -> canvas.panBy(from.x() - to.x(), from.y() - to.y()));
        assertThat(canvas.skins()).containsKey("n100");
        moveAndSettle(robot, () -> canvas.panBy(to.x() - from.x(), to.y() - from.y()));

        Node box = robot.lookup("#node-n101").query();
        assertThat(box.getPseudoClassStates()).contains(javafx.css.PseudoClass.getPseudoClass("active"));
        assertThat(robot.lookup("#node-n100").query().getPseudoClassStates())
                .contains(javafx.css.PseudoClass.getPseudoClass("selected"));
    }

    /** Whether {@code n} is drawn: it and every parent it has are visible. */
    @Test
    void aSmallDocumentKeepsItsTextAtAnyZoom(FxRobot robot) throws Exception {
        AtomicReference<GraphCanvas> small = new AtomicReference<>();
        robot.interact(() -> {
            HarnessDocument doc = HarnessDocument.ofText(null, HarnessWriter.yaml(EditorBench.generated(5)),
                    Runnable::run, Platform::runLater);
            EditorView view = new EditorView(new EditorViewModel(doc, new NodeClipboard()), Runnable::run);
            small.set(view.canvas());
            canvas.getScene().setRoot(view);
        });
        robot.interact(() -> small.get().zoomProperty().set(GraphCanvas.MIN_ZOOM));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#node-n1").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(small.get().zoomProperty().get()).isEqualTo(GraphCanvas.MIN_ZOOM);
        assertThat(texts(robot, "n1")).isNotEmpty().allMatch(GraphCanvasTest::shown);
    }

    private static boolean shown(Node n) {
        for (Node x = n; x != null; x = x.getParent()) {
            if (!x.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** The labels of node {@code id}'s box: its id, what it does, its badges. */
    private static List<Node> texts(FxRobot robot, String id) {
        return List.copyOf(robot.lookup("#node-" + id + " .label").queryAll());
    }
}
