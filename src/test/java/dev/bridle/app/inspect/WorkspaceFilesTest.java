package dev.bridle.app.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.store.RunStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The inspector's workspace files: which files each step touched, and a selected change's files and diff. */
@ExtendWith(ApplicationExtension.class)
class WorkspaceFilesTest {

    @TempDir
    Path dir;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private RunInspection rollbackRun() throws Exception {
        try (RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("rollback")))) {
            ScenarioRunner.Report r = new ScenarioRunner(Optional.of(store), Clock.systemUTC(), () -> "rollback")
                    .run(Samples.scenario("compounding-error", "rollback-restores-the-file"), EventSink.none());
            return RunInspection.read(store, r.runId().orElseThrow(), 400);
        }
    }

    @Test
    void theFilesListHasTheBrokenEditAndItsRestoreAtTheirStepsAndSelectingOneShowsItsDiff(FxRobot robot)
            throws Exception {
        RunInspection run = rollbackRun();
        List<RunEvent.WorkspaceChanged> changes = run.events().stream()
                .filter(e -> e instanceof RunEvent.WorkspaceChanged).map(RunEvent.WorkspaceChanged.class::cast)
                .toList();
        RunInspectorViewModel model = new RunInspectorViewModel(Runnable::run, Runnable::run);
        Harness harness = HarnessReader.read(Samples.harness("compounding-error")).harness();
        robot.interact(() -> model.show(run, harness));
        assertThat(model.files()).extracting(RunInspectorViewModel.FileRow::path).containsOnly("src/Order.java");
        assertThat(model.files()).extracting(RunInspectorViewModel.FileRow::seq)
                .containsExactlyElementsOf(changes.stream().map(RunEvent::seq).toList());
        assertThat(model.files()).extracting(RunInspectorViewModel.FileRow::step)
                .containsExactlyElementsOf(changes.stream().map(RunEvent::step).toList()).containsExactly(0, 3, 4);
        assertThat(model.files().get(1).cause()).contains("restored");

        RunInspectorViewModel.FileRow broken = model.files().getFirst();
        robot.interact(() -> model.selectFile(broken));
        assertThat(model.selectedProperty().get().seq()).isEqualTo(broken.seq());
        assertThat(model.sections()).extracting(EventDetails.Section::id).contains("detail-files", "detail-diff");
        assertThat(section(model, "detail-files")).contains("src/Order.java").contains(broken.change());
        assertThat(section(model, "detail-diff")).contains("+total = BROKEN").contains("-total = sum");

        RunInspectorViewModel.FileRow restored = model.files().get(1);
        robot.interact(() -> model.selectFile(restored));
        assertThat(model.selectedProperty().get()).isInstanceOf(RunEvent.WorkspaceChanged.class);
        assertThat(section(model, "detail-diff")).contains("-total = BROKEN").contains("+total = sum");

        robot.interact(() -> {
            stage.setScene(new Scene(new RunInspectorView(model), 1024, 700));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#workspace-files").tryQuery()).isPresent();
    }

    private static String section(RunInspectorViewModel model, String id) {
        return model.sections().stream().filter(s -> s.id().equals(id)).map(EventDetails.Section::text)
                .findFirst().orElse("");
    }
}
