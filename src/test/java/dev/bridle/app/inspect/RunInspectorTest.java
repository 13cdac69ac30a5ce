package dev.bridle.app.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Harness;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.store.RunStore;
import dev.bridle.store.ContextBucket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The run inspector over runs recorded in a real H2 file. */
@ExtendWith(ApplicationExtension.class)
class RunInspectorTest {

    @TempDir
    static Path dir;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    record Recorded(RunInspection inspection, Harness harness) {}

    private static Recorded record(String harness, String scenario) throws Exception {
        try (RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve(harness + "-" + scenario)))) {
            ScenarioRunner.Report r = new ScenarioRunner(Optional.of(store), Clock.systemUTC(), () -> "run-1")
                    .run(Samples.scenario(harness, scenario), EventSink.none());
            return new Recorded(RunInspection.read(store, r.runId().orElseThrow(), 400), r.harness().harness());
        }
    }

    @Test
    void theInspectionHoldsLanesTheContextSeriesCompactionsAndChecks() throws Exception {
        RunInspection run = record("lost-context", "keeps-the-requirement").inspection();
        assertThat(run.lanes()).containsExactly("run", "auditor");
        assertThat(run.compactions()).hasSize(2);
        assertThat(run.context()).isNotEmpty();
        assertThat(run.context().stream().mapToInt(b -> b.maxTokens()).max().orElse(0)).isLessThanOrEqualTo(700);
        assertThat(run.permissions()).isNotEmpty().allSatisfy(p -> assertThat(p.effect()).isEqualTo("allow"));
        assertThat(run.total()).isEqualTo(run.events().size());
    }

    @Test
    void permissionChecksFilterByEffectAndTheSelectionExplainsItself(FxRobot robot) throws Exception {
        Recorded r = record("over-trusted-agent", "contained");
        RunInspectorViewModel model = new RunInspectorViewModel();
        robot.interact(() -> {
            model.show(r.inspection(), r.harness());
            stage.setScene(new Scene(new RunInspectorView(model), 1000, 500));
            stage.show();
        });
        robot.clickOn("Permissions");
        TableView<RunEvent.PermissionChecked> table = robot.lookup("#permission-table").queryTableView();
        assertThat(table.getItems()).hasSize(7);
        robot.interact(() -> model.effectFilter().set("deny"));
        assertThat(table.getItems()).hasSize(5).allSatisfy(p -> assertThat(p.effect()).isEqualTo("deny"));
        robot.interact(() -> model.ruleFilter().set("path-scope"));
        assertThat(table.getItems()).hasSize(2);
        robot.interact(() -> table.getSelectionModel().select(0));
        assertThat(model.detailsProperty().get()).contains("Why?").contains("deny by rule 'path-scope'")
                .contains("\"resource\":\"fs.read docs/../../outside/passwd");
        robot.clickOn("Timeline");
        robot.clickOn("Context");
        assertThat(robot.lookup("#context-chart").tryQuery()).isPresent();
    }

    @Test
    void manyCompactionsShareOneSeriesAndOneLegendEntry(FxRobot robot) {
        List<RunEvent.ContextCompacted> many = IntStream.range(0, 300).mapToObj(i -> new RunEvent.ContextCompacted(
                10L * i + 5, Instant.EPOCH, i, "work", "worker", "drop-oldest", 2100, 1500, 2000, 3, 1)).toList();
        RunInspection run = new RunInspection("long", List.of(), 3000,
                List.of(new ContextBucket(0, 1, 3000, 400, 2100, 300)), many, List.of(), List.of("run"));
        RunInspectorViewModel model = new RunInspectorViewModel();
        robot.interact(() -> {
            model.show(run, null);
            stage.setScene(new Scene(new RunInspectorView(model), 1000, 500));
            stage.show();
        });
        robot.clickOn("Context");
        LineChart<?, ?> chart = robot.lookup("#context-chart").queryAs(LineChart.class);
        assertThat(chart.getData()).extracting(XYChart.Series::getName).containsExactly("context (max per bucket)",
                "context (min per bucket)", "300 compactions", "budget (2000)");
    }
}
