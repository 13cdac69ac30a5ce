package dev.bridle.app.debug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Time travel shows the workspace as of the event it goes to: each changed file with its last change and diff. */
@ExtendWith(ApplicationExtension.class)
class TimeTravelWorkspaceTest {

    private Stage stage;
    private final DebugViewModel model = new DebugViewModel();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private void travel(FxRobot robot, long seq) throws Exception {
        robot.interact(() -> model.travel(seq));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> ("replayed to #" + seq)
                .equals(model.reasonProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void travellingAcrossTheRollbackShowsTheBrokenEditThenTheRestoredFile(FxRobot robot) throws Exception {
        DebugView.Target target = new DebugView.Target(HarnessReader.read(Samples.harness("compounding-error")),
                ScenarioReader.read(Samples.scenario("compounding-error", "rollback-restores-the-file")));
        robot.interact(() -> {
            stage.setScene(new Scene(new DebugView(model, () -> Optional.of(target), Optional::empty), 1024, 700));
            stage.show();
            model.breakOnGuardsProperty().set(false);
        });
        robot.clickOn("#debug");
        // Debug pauses at the start; Continue runs it to the end
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> model.stateProperty().get() == DebugViewModel.State.PAUSED);
        robot.clickOn("#continue");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> model.stateProperty().get() == DebugViewModel.State.ENDED);
        WaitForAsyncUtils.waitForFxEvents();
        var changes = model.latestEvents().stream().filter(e -> e instanceof RunEvent.WorkspaceChanged)
                .map(RunEvent.WorkspaceChanged.class::cast).toList();
        assertThat(changes).hasSize(3);

        travel(robot, changes.getFirst().seq() - 1);
        assertThat(model.workspace()).isEmpty();
        assertThat(model.workspaceNoteProperty().get()).startsWith("no file changed");

        travel(robot, changes.getFirst().seq());
        assertThat(model.workspace()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("src/Order.java");
            assertThat(f.diff()).contains("+total = BROKEN");
        });
        // the view lists it, and selecting it shows its diff
        ListView<RunEvent.FileChange> list = robot.lookup("#workspace-at").queryListView();
        robot.interact(() -> list.getSelectionModel().select(0));
        assertThat(robot.lookup("#workspace-diff").queryAs(TextArea.class).getText()).contains("+total = BROKEN");

        travel(robot, changes.get(1).seq());
        assertThat(model.workspace()).singleElement().satisfies(f -> assertThat(f.diff())
                .contains("-total = BROKEN").contains("+total = sum"));
    }
}
