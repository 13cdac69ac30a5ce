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
import javafx.scene.Scene;
import javafx.stage.Stage;
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
            stage.setScene(new Scene(new TestsView(model, (events, seq) -> {
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
        assertThat(model.summaryProperty().get()).isEqualTo("1 passed, 1 failed, 0 pending, 0 invalid");
        robot.clickOn("runaway-agent/wrong");
        assertThat(robot.lookup("#tests-diff").queryTextInputControl().getText())
                .contains("step: expected 5, got 12");
        robot.clickOn("#show-failure");
        assertThat(jumpedTo).containsExactly(shown.getFirst().getLast().seq());
        assertThat(shown.getFirst()).extracting(RunEvent::kind).contains("guard.triggered");
    }
}
