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
import dev.bridle.engine.ContextDiff;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javafx.css.PseudoClass;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

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

    private static final AtomicInteger STORES = new AtomicInteger();

    record Recorded(RunInspection inspection, Harness harness, ScenarioRunner.Report report) {}

    private static Recorded record(String harness, String scenario) throws Exception {
        Path file = dir.resolve(harness + "-" + scenario + "-" + STORES.incrementAndGet());
        try (RunStore store = RunStore.open(RunStore.fileUrl(file))) {
            ScenarioRunner.Report r = new ScenarioRunner(Optional.of(store), Clock.systemUTC(), () -> "run-1")
                    .run(Samples.scenario(harness, scenario), EventSink.none());
            return new Recorded(RunInspection.read(store, r.runId().orElseThrow(), 400), r.harness().harness(), r);
        }
    }

    private void showInWindow(FxRobot robot, RunInspectorViewModel model) {
        robot.interact(() -> {
            stage.setScene(new Scene(new RunInspectorView(model), 1000, 500));
            stage.show();
        });
    }

    @Test
    void theTimelineIsShownFirstAndThePermissionTableFillsWhenItsChecksArrive(FxRobot robot) throws Exception {
        java.util.concurrent.ExecutorService storeThread = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        try (RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("checks-" + STORES.incrementAndGet())))) {
            ScenarioRunner.Report r = new ScenarioRunner(Optional.of(store), Clock.systemUTC(), () -> "checks")
                    .run(Samples.scenario("over-trusted-agent", "contained"), EventSink.none());
            RunInspection run = RunInspection.readTimeline(store, "checks", 400);
            assertThat(run.checksPending()).isTrue();
            assertThat(run.permissions()).isEmpty();
            assertThat(run.withChecks(RunInspection.readChecks(store, "checks")))
                    .isEqualTo(RunInspection.read(store, "checks", 400));

            RunInspectorViewModel model = new RunInspectorViewModel(() -> store, storeThread);
            storeThread.execute(() -> {
                try {
                    hold.await(); // the store's thread is busy: the checks wait, the timeline does not
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            robot.interact(() -> model.show(run, r.harness().harness()));
            showInWindow(robot, model);
            robot.clickOn("Permissions");
            TableView<RunEvent.PermissionChecked> table = robot.lookup("#permission-table").queryTableView();
            assertThat(model.checksPendingProperty().get()).isTrue();
            assertThat(robot.lookup("reading the permission checks…").tryQuery()).isPresent();

            hold.countDown();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !model.checksPendingProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(table.getItems()).hasSize(7);
            assertThat(model.checksProblemProperty().get()).isEmpty();
        } finally {
            hold.countDown();
            storeThread.shutdownNow();
        }
    }

    @Test
    void theContextIsRebuiltForAnEventPastTheFirstPage(FxRobot robot) throws Exception {
        // 2,400 steps make about 12,000 events: the inspection holds the first 10,000, the replay reads the rest
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("long"));
        dev.bridle.app.LongRun.write(folder, 2_400);
        dev.bridle.policy.HarnessReader.Loaded harness =
                dev.bridle.policy.HarnessReader.read(folder.resolve(dev.bridle.app.LongRun.HARNESS_FILE));
        dev.bridle.policy.ScenarioReader.Loaded scenario =
                dev.bridle.policy.ScenarioReader.read(folder.resolve(dev.bridle.app.LongRun.SCENARIO_FILE));
        java.util.concurrent.ExecutorService storeThread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (RunStore store = RunStore.open(RunStore.fileUrl(dir.resolve("long-run-" + STORES.incrementAndGet())))) {
            ScenarioRunner.Report report = new ScenarioRunner(Optional.of(store), Clock.systemUTC(), () -> "long")
                    .run(harness, scenario, EventSink.none());
            RunInspection run = RunInspection.read(store, "long", 400);
            assertThat(run.total()).isGreaterThan(RunInspection.PAGE + 1_000);
            assertThat(run.events()).hasSize(RunInspection.PAGE);
            RunEvent.ModelRequested late = store.events("long", dev.bridle.store.EventQuery.from(11_000, 50))
                    .stream().filter(e -> e instanceof RunEvent.ModelRequested)
                    .map(RunEvent.ModelRequested.class::cast).findFirst().orElseThrow();

            RunInspectorViewModel model = new RunInspectorViewModel(() -> store, storeThread);
            robot.interact(() -> {
                model.show(run, report.harness(), report.scenario());
                model.select(late);
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model.contextDiffProperty().get() != null
                    || model.contextNoteProperty().get().startsWith("the context cannot"));
            WaitForAsyncUtils.waitForFxEvents();

            assertThat(model.contextNoteProperty().get()).doesNotStartWith("the context cannot");
            ContextDiff diff = model.contextDiffProperty().get();
            assertThat(diff.toSeq()).isEqualTo(late.seq());
            assertThat(diff.fromSeq()).isGreaterThan(RunInspection.PAGE).isLessThan(late.seq());
            assertThat(diff.after()).hasSize(late.messages());
        } finally {
            storeThread.shutdownNow();
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
    void clickingACompactionShowsTheMessagesItRemovedAndTheTokensBeforeAndAfter(FxRobot robot) throws Exception {
        Recorded r = record("lost-context", "keeps-the-requirement");
        RunEvent.ContextCompacted compaction = r.inspection().compactions().getFirst();
        RunInspectorViewModel model = new RunInspectorViewModel();
        robot.interact(() -> model.show(r.inspection(), r.report().harness(), r.report().scenario()));
        showInWindow(robot, model);

        // The compaction's mark on the auditor's lane of the timeline (the run is fitted to the width).
        TimelineCanvas timeline = robot.lookup(".timeline").queryAs(TimelineCanvas.class);
        robot.clickOn(timeline.localToScreen(timeline.xOf(compaction.seq()), timeline.yOfLane("auditor")));
        assertThat(model.selectedProperty().get()).isEqualTo(compaction);
        robot.clickOn("Details");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.contextDiffProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#detail-title").queryLabeled().getText())
                .startsWith("#" + compaction.seq() + " context.compacted");
        assertThat(robot.lookup("#detail-compaction").queryTextInputControl().getText())
                .contains(compaction.before() + " → " + compaction.after() + " tokens");
        ListView<ContextDiff.Line> diff = robot.lookup("#context-diff").queryListView();
        assertThat(diff.getItems()).filteredOn(l -> l.change() == ContextDiff.Change.REMOVED)
                .hasSize(compaction.removed());
        assertThat(diff.getItems()).anySatisfy(l -> {
            assertThat(l.change()).isEqualTo(ContextDiff.Change.ADDED);
            assertThat(l.entry().tag()).isEqualTo("summary");
        });
        assertThat(robot.lookup("#context-diff .list-cell").queryAllAs(ListCell.class)).anySatisfy(cell -> {
            assertThat(cell.getText()).startsWith("−");
            assertThat(cell.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("removed"));
        });
        assertThat(robot.lookup("#context-note").queryLabeled().getText())
                .contains("→ " + compaction.after() + " tokens")
                .contains(compaction.removed() + " removed");
        assertThat(robot.lookup("#detail-raw").queryAs(TitledPane.class).isExpanded()).isFalse();
        assertThat(model.rawProperty().get()).contains("\"strategy\" : \"summarize\"");
        assertThat(model.detailsProperty().get()).contains("Why?").contains("As recorded:");
    }

    @Test
    void aModelCallShowsItsPromptAndItsResponseAsText(FxRobot robot) throws Exception {
        Recorded r = record("lost-context", "keeps-the-requirement");
        RunInspectorViewModel model = new RunInspectorViewModel();
        robot.interact(() -> model.show(r.inspection(), r.report().harness(), r.report().scenario()));
        showInWindow(robot, model);
        robot.clickOn("Details");
        RunEvent.ModelResponded response = r.inspection().events().stream()
                .filter(e -> e instanceof RunEvent.ModelResponded).map(RunEvent.ModelResponded.class::cast)
                .findFirst().orElseThrow();

        robot.interact(() -> model.select(response));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.contextDiffProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        String prompt = robot.lookup("#detail-prompt").queryTextInputControl().getText();
        assertThat(prompt).contains("system").contains("Find every service that still calls billing-v1.")
                .contains("[acceptance, pinned]").doesNotContain("{\"");
        assertThat(robot.lookup("#detail-response").queryTextInputControl().getText())
                .contains("tool calls:").contains("fs.read").contains("\"path\" : \"notes/invoices.md\"");
    }

    @Test
    void aToolCallShowsItsArgumentsAndItsResult(FxRobot robot) throws Exception {
        Recorded r = record("lost-context", "keeps-the-requirement");
        RunInspectorViewModel model = new RunInspectorViewModel();
        robot.interact(() -> model.show(r.inspection(), r.report().harness(), r.report().scenario()));
        RunEvent.ToolRequested call = r.inspection().events().stream()
                .filter(e -> e instanceof RunEvent.ToolRequested).map(RunEvent.ToolRequested.class::cast)
                .findFirst().orElseThrow();

        robot.interact(() -> model.select(call));

        assertThat(model.sections()).extracting(s -> s.title() + ": " + s.text())
                .anySatisfy(s -> assertThat(s).startsWith("Arguments of fs.read").contains("notes/invoices.md"))
                .anySatisfy(s -> assertThat(s).startsWith("Result: ok").contains("Service notes: line 0"));
    }

    @Test
    void manyCompactionsShareOneSeriesAndOneLegendEntry(FxRobot robot) {
        List<RunEvent.ContextCompacted> many = IntStream.range(0, 300).mapToObj(i -> new RunEvent.ContextCompacted(
                10L * i + 5, Instant.EPOCH, i, "work", "worker", "drop-oldest", 2100, 1500, 2000, 3, 1)).toList();
        RunInspection run = new RunInspection("long", List.of(), 3000,
                List.of(new ContextBucket(0, 1, 3000, 400, 2100, 300)), many, List.of(), List.of("run"), false);
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
