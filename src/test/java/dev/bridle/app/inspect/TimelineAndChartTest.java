package dev.bridle.app.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.store.EventQuery;
import dev.bridle.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javafx.util.StringConverter;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The inspector's timeline and context chart as the issue's run-time defects describe them, on recorded runs. */
@ExtendWith(ApplicationExtension.class)
class TimelineAndChartTest {

    @TempDir
    Path dir;

    private Stage stage;
    private RunStore store;
    private final ExecutorService storeThread = Executors.newSingleThreadExecutor();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() throws Exception {
        storeThread.submit(() -> {
            if (store != null) {
                store.close();
            }
        }).get(30, TimeUnit.SECONDS);
        storeThread.shutdown();
    }

    /** Records a run into a store of its own and reads it as the workbench does. */
    private RunInspection record(Path scenario) throws Exception {
        return storeThread.submit(() -> {
            store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
            ScenarioRunner.Report r = new ScenarioRunner(Optional.of(store), Clock.systemUTC(), () -> "run-1")
                    .run(scenario, EventSink.none());
            return RunInspection.read(store, r.runId().orElseThrow(), 400);
        }).get(60, TimeUnit.SECONDS);
    }

    private RunInspectorView show(FxRobot robot, RunInspectorViewModel model, double width, double height) {
        RunInspectorView[] view = new RunInspectorView[1];
        robot.interact(() -> {
            view[0] = new RunInspectorView(model);
            stage.setScene(new Scene(view[0], width, height));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return view[0];
    }

    @Test
    void theTimelineFillsItsPaneWithAnAxisAndALegendAndCountsEventsFromOne(FxRobot robot) throws Exception {
        RunInspection run = record(Samples.scenario("lost-context", "keeps-the-requirement"));
        RunInspectorViewModel model = new RunInspectorViewModel(() -> store, storeThread);
        robot.interact(() -> model.show(run, (Harness) null));
        RunInspectorView view = show(robot, model, 1024, 500);
        TimelineCanvas timeline = view.timeline();
        // each defect is reported on its own: events counted from 0, a run drawn across 40 % of the pane, no legend,
        // no axis
        SoftAssertions softly = new SoftAssertions();

        softly.assertThat(timeline.header()).startsWith("events 1–" + run.total() + " of " + run.total());
        // the whole run across the pane: the last event's mark near its right edge, not at 40 % of it
        softly.assertThat(timeline.xOf(run.total())).as("the last event's mark")
                .isGreaterThan(0.9 * timeline.getWidth()).isLessThanOrEqualTo(timeline.getWidth());
        softly.assertThat(timeline.getWidth()).isGreaterThan(0.95 * 1024);
        softly.assertThat(robot.lookup("#timeline-legend .label").queryAllAs(Label.class)).as("the legend")
                .extracting(Label::getText).contains("run", "node", "model call", "tool call", "allowed", "context");
        softly.assertThat(robot.lookup("#legend-deny").tryQuery()).as("no denial in this run").isEmpty();
        // the axis: a line under the lanes, and a tick every 5 events at this width
        softly.assertThat(TimelineCanvas.tickEvery((timeline.getWidth() - TimelineCanvas.LABEL) / run.total()))
                .isEqualTo(5);
        WritableImage image = snapshot(timeline);
        Color axis = image.getPixelReader().getColor((int) TimelineCanvas.LABEL + 40, (int) timeline.axisY());
        softly.assertThat(axis.getBrightness()).as("the axis line").isLessThan(0.6);
        softly.assertThat(timeline.prefHeight(-1)).isGreaterThanOrEqualTo(timeline.axisY() + TimelineCanvas.AXIS);
        softly.assertAll();
    }

    private static WritableImage snapshot(Node node) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> node.snapshot(null, null)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClickOnAMarkSelectsItsEventAndSelectingElsewhereMovesTheCursorToIt(FxRobot robot) throws Exception {
        RunInspection run = record(Samples.scenario("lost-context", "keeps-the-requirement"));
        RunInspectorViewModel model = new RunInspectorViewModel(() -> store, storeThread);
        robot.interact(() -> model.show(run, (Harness) null));
        RunInspectorView view = show(robot, model, 1024, 500);
        TimelineCanvas timeline = view.timeline();
        RunEvent.ContextCompacted first = run.compactions().getFirst();

        Point2D mark = timeline.localToScreen(timeline.xOf(first.seq()), timeline.yOfLane(run.laneOf(first)));
        robot.clickOn(mark);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.selectedProperty().get().seq()).isEqualTo(first.seq());
        assertThat(timeline.selected().seq()).isEqualTo(first.seq());
        assertThat(timeline.header()).contains("#" + first.seq() + " context.compacted selected");
        // the selection is a cursor across every lane, not only an outline around its mark
        String otherLane = run.lanes().stream().filter(l -> !l.equals(run.laneOf(first))).findFirst().orElseThrow();
        Color band = snapshot(timeline).getPixelReader().getColor((int) timeline.xOf(first.seq()) + 3,
                (int) timeline.yOfLane(otherLane));
        assertThat(band.getBlue()).as("the cursor's band in lane %s", otherLane).isGreaterThan(band.getRed() + 0.04);

        // selected from elsewhere (the events table), the timeline follows
        RunEvent other = run.events().get(5);
        robot.interact(() -> model.selectSeq(other.seq(), other.kind()));
        assertThat(timeline.selected().seq()).isEqualTo(other.seq());
        // a seq whose kind does not match is another run's row: nothing changes
        robot.interact(() -> model.selectSeq(first.seq(), "tool.completed"));
        assertThat(model.selectedProperty().get().seq()).isEqualTo(other.seq());
    }

    @Test
    void theContextCurveReachesThePeaksThatTriggeredCompactionsAndTicksWholeEvents(FxRobot robot) throws Exception {
        RunInspection run = record(Samples.scenario("lost-context", "keeps-the-requirement"));
        assertThat(run.compactions()).extracting(RunEvent.ContextCompacted::before).containsExactly(690, 717);
        RunInspectorViewModel model = new RunInspectorViewModel(() -> store, storeThread);
        robot.interact(() -> model.show(run, (Harness) null));
        show(robot, model, 1024, 500);
        robot.clickOn("Context");
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> chart = robot.lookup("#context-chart").queryAs(LineChart.class);
        XYChart.Series<Number, Number> max = chart.getData().getFirst();
        // the missing peaks and the decimal ticks are reported each on its own
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(max.getName()).isEqualTo("context (max per bucket)");
        for (RunEvent.ContextCompacted c : run.compactions()) {
            softly.assertThat(max.getData()).as("the peak before compaction #%s", c.seq()).anySatisfy(d -> {
                assertThat(d.getXValue().longValue()).isEqualTo(c.seq());
                assertThat(d.getYValue().intValue()).isEqualTo(c.before()).isGreaterThan(c.window());
            });
        }
        NumberAxis x = (NumberAxis) chart.getXAxis();
        softly.assertThat(x.getTickUnit()).as("the tick unit").isEqualTo(Math.rint(x.getTickUnit()))
                .isGreaterThanOrEqualTo(1);
        softly.assertThat(x.getTickMarks()).as("the ticks").isNotEmpty().allSatisfy(t ->
                assertThat(t.getValue().doubleValue()).isEqualTo(Math.rint(t.getValue().doubleValue())));
        // without a formatter of its own the axis labels a tick between two events with a decimal
        StringConverter<Number> labels = x.getTickLabelFormatter();
        softly.assertThat(labels).as("a formatter of event numbers").isNotNull();
        if (labels != null) {
            softly.assertThat(x.getTickMarks()).allSatisfy(t ->
                    assertThat(labels.toString(t.getValue())).matches("\\d+"));
            softly.assertThat(labels.toString(2.5)).as("never a decimal event number").isEmpty();
        }
        softly.assertAll();
    }

    @Test
    void theFilesTabCoversTheWholeRunNotItsFirstPage(FxRobot robot) throws Exception {
        Files.writeString(dir.resolve("scribe.harness.yaml"), """
                bridle: 1
                name: scribe
                agents:
                  scribe:
                    system: You keep a log.
                    tools: [fs.write]
                workflow:
                  start: write
                  nodes:
                    write: { agent: scribe, next: done }
                    done: { end: completed }
                guards:
                  - { id: budget, steps: { max: 2000 } }
                permissions:
                  default: deny
                  rules:
                    - { id: write-log, allow: fs.write, paths: ["log/**"] }
                """);
        Path scenario = Files.createDirectories(dir.resolve("scribe")).resolve("writes.scenario.yaml");
        Files.writeString(scenario, """
                bridle: 1
                harness: ../scribe.harness.yaml
                task: Keep writing the log.
                workspace:
                  files:
                    log/start.txt: "begun\\n"
                model:
                  turns:
                    - calls: [{ tool: fs.write, args: { path: log/entry.txt, content: "one more line\\n" } }]
                    - calls: [{ tool: fs.write, args: { path: log/entry.txt, content: "and another\\n" } }]
                  repeat: all
                """);
        ScenarioReader.read(scenario); // a located error here rather than a confusing one later
        RunInspection whole = record(scenario);
        // longer than the page of events the inspector reads first, with changes on every page
        assertThat(whole.total()).isGreaterThan(RunInspection.PAGE);
        assertThat(whole.events()).hasSize(RunInspection.PAGE);
        List<RunEvent> all = storeThread.submit(() -> store.events(whole.runId(),
                EventQuery.from(1, EventQuery.MAX_LIMIT).kinds("workspace.changed"))).get(30, TimeUnit.SECONDS);
        long lastChange = all.getLast().seq();
        assertThat(lastChange).isGreaterThan(RunInspection.PAGE);

        RunInspectorViewModel model = new RunInspectorViewModel(() -> store, storeThread);
        Harness harness = HarnessReader.read(dir.resolve("scribe.harness.yaml")).harness();
        robot.interact(() -> model.show(whole, harness));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.filesNoteProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.files()).hasSize(all.size());
        RunInspectorViewModel.FileRow last = model.files().getLast();
        assertThat(last.seq()).isEqualTo(lastChange);
        assertThat(last.path()).isEqualTo("log/entry.txt");

        // a row past the first page selects its event, read from its page
        robot.interact(() -> model.selectFile(last));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.selectedProperty().get() != null);
        assertThat(model.selectedProperty().get().seq()).isEqualTo(lastChange);
    }
}
