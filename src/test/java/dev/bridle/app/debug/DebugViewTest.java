package dev.bridle.app.debug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.context.ContextEntry;
import dev.bridle.engine.RunSnapshot;
import dev.bridle.event.EventSink;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.event.RunEvent;
import dev.bridle.guard.Guard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.stage.Stage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The headless debugger flows, clicked through the debug view. */
@ExtendWith(ApplicationExtension.class)
class DebugViewTest {

    @TempDir
    Path temp;

    private Stage stage;
    private final DebugViewModel model = new DebugViewModel();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private void open(FxRobot robot, String harness, String scenario) throws Exception {
        open(robot, new DebugView.Target(HarnessReader.read(Samples.harness(harness)),
                ScenarioReader.read(Samples.scenario(harness, scenario))));
    }

    private void open(FxRobot robot, DebugView.Target target) {
        robot.interact(() -> {
            stage.setScene(new Scene(new DebugView(model, () -> Optional.of(target), Optional::empty), 1100, 600));
            stage.show();
        });
    }

    private void awaitState(DebugViewModel.State s) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.stateProperty().get() == s);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Debug pauses at run.started: the tests that run to a breakpoint continue from there. */
    private void continueFromTheStart(FxRobot robot) throws Exception {
        awaitState(DebugViewModel.State.PAUSED);
        assertThat(model.reasonProperty().get()).isEqualTo("paused at #1 run.started");
        robot.clickOn("#continue");
    }

    @Test
    void debugLostContextWithABreakpointOnCompaction(FxRobot robot) throws Exception {
        open(robot, "lost-context", "keeps-the-requirement");
        robot.interact(() -> {
            model.breakOnGuardsProperty().set(false);
            model.kindBreakpoints().add("context.compacted");
        });
        robot.clickOn("#debug");
        continueFromTheStart(robot);
        awaitState(DebugViewModel.State.PAUSED);
        RunSnapshot s = model.snapshotProperty().get();
        assertThat(s.contexts().get("auditor")).filteredOn(ContextEntry::pinned).extracting(ContextEntry::tag)
                .contains("acceptance");
        assertThat(s.contextTokens().get("auditor")).isLessThan(600);
        assertThat(robot.lookup(".pinned").queryAll()).isNotEmpty();
        assertThat(robot.lookup("#guard-meters").tryQuery()).isPresent();
        robot.interact(() -> model.kindBreakpoints().clear());
        robot.clickOn("#stop");
        awaitState(DebugViewModel.State.ENDED);
        assertThat(model.resultProperty().get().outcome().word()).isEqualTo("interrupted");
    }

    @Test
    void breakOnDenialNamesTheRuleOfTheTraversal(FxRobot robot) throws Exception {
        open(robot, "over-trusted-agent", "contained");
        robot.interact(() -> {
            model.breakOnGuardsProperty().set(false);
            model.breakOnDenialsProperty().set(true);
        });
        robot.clickOn("#debug");
        continueFromTheStart(robot);
        awaitState(DebugViewModel.State.PAUSED);
        assertThat(model.reasonProperty().get()).startsWith("denied by rule 'path-scope'");
        robot.interact(() -> model.breakOnDenialsProperty().set(false));
        robot.clickOn("#stop");
        awaitState(DebugViewModel.State.ENDED);
    }

    @Test
    void stepThreeTimesThenContinueEndsAsTheCliDoes(FxRobot robot) throws Exception {
        open(robot, "runaway-agent", "loops-forever");
        robot.interact(() -> {
            model.breakOnGuardsProperty().set(false);
            model.toggleBreakpoint("research");
        });
        robot.clickOn("#debug");
        continueFromTheStart(robot);
        awaitState(DebugViewModel.State.PAUSED);
        assertThat(model.activeNodeProperty().get()).isEqualTo("research");
        long first = model.latestEvents().getLast().seq();
        for (int i = 1; i <= 3; i++) {
            robot.clickOn("#step");
            awaitState(DebugViewModel.State.PAUSED);
            assertThat(model.latestEvents().getLast().seq()).isEqualTo(first + i);
        }
        robot.clickOn("#continue");
        awaitState(DebugViewModel.State.ENDED);
        var cli = new ScenarioRunner(Optional.empty(), Clock.systemUTC(), () -> "cli")
                .run(Samples.scenario("runaway-agent", "loops-forever"), EventSink.none());
        assertThat(model.resultProperty().get()).isEqualTo(cli.result());
        assertThat(model.eventCountProperty().get()).isEqualTo(cli.events().size());
        assertThat(model.latestEvents()).extracting(e -> e.seq() + " " + e.kind())
                .containsExactlyElementsOf(cli.events().stream().map(e -> e.seq() + " " + e.kind()).toList());
        assertThat(model.handOvers()).isLessThan(model.eventCountProperty().get());

        robot.interact(() -> model.travel(7));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "replayed to #7".equals(model.reasonProperty().get()));
        assertThat(model.snapshotProperty().get().seq()).isEqualTo(7);
        assertThat(model.snapshotProperty().get().step()).isZero();
        assertThat(model.snapshotProperty().get().contexts()).containsKey("researcher");
    }

    @Test
    void debugPausesAtTheStartTheSliderFollowsTheRunAndTheEndedSessionLightsNoNode(FxRobot robot) throws Exception {
        open(robot, "runaway-agent", "loops-forever");
        robot.interact(() -> {
            model.breakOnGuardsProperty().set(false);
            model.toggleBreakpoint("research");
        });
        Slider travel = robot.lookup("#time-travel").queryAs(Slider.class);
        robot.clickOn("#debug");
        awaitState(DebugViewModel.State.PAUSED);
        assertThat(model.reasonProperty().get()).isEqualTo("paused at #1 run.started");
        assertThat(model.eventCountProperty().get()).isEqualTo(1);
        assertThat(model.statusProperty().get()).isEqualTo("debug: paused at #1 run.started");
        assertThat(travel.getValue()).isEqualTo(1);

        robot.clickOn("#continue");
        awaitState(DebugViewModel.State.PAUSED);
        assertThat(model.reasonProperty().get()).startsWith("breakpoint on node 'research'");
        assertThat(model.activeNodeProperty().get()).isEqualTo("research");
        int atBreak = model.eventCountProperty().get();
        assertThat(atBreak).isGreaterThan(1);
        // a slider left behind and a node that glows on are reported each on its own
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(travel.getValue()).as("the slider is on the latest event").isEqualTo(atBreak);

        robot.clickOn("#continue");
        awaitState(DebugViewModel.State.ENDED);
        softly.assertThat(travel.getValue()).as("the slider at the end").isEqualTo(model.eventCountProperty().get());
        softly.assertThat(model.activeNodeProperty().get()).as("no node glows once the session has ended").isNull();
        softly.assertThat(model.statusProperty().get()).startsWith("debug: stopped");
        softly.assertAll();
    }

    @Test
    void timeTravelSelectsAndScrollsToTheEventItWentTo(FxRobot robot) throws Exception {
        open(robot, "runaway-agent", "loops-forever");
        robot.interact(() -> model.breakOnGuardsProperty().set(false));
        robot.clickOn("#debug");
        awaitState(DebugViewModel.State.PAUSED);
        robot.clickOn("#continue");
        awaitState(DebugViewModel.State.ENDED);
        ListView<RunEvent> events = robot.lookup("#debug-events").queryListView();
        assertThat(events.getItems()).hasSizeGreaterThan(40); // the list shows its end: event 7 is out of view

        robot.interact(() -> model.travel(7));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.travelledProperty().get() == 7);
        WaitForAsyncUtils.waitForFxEvents();
        RunEvent chosen = events.getSelectionModel().getSelectedItem();
        assertThat(chosen).as("the event time travel went to is selected in the list").isNotNull();
        assertThat(chosen.seq()).isEqualTo(7);
        assertThat(robot.lookup("#time-travel").queryAs(Slider.class).getValue()).isEqualTo(7);
        assertThat(robot.lookup("#debug-events .list-cell").queryAll()).anySatisfy(cell -> {
            ListCell<?> c = (ListCell<?>) cell;
            assertThat(c.getItem()).isInstanceOf(RunEvent.class);
            assertThat(((RunEvent) c.getItem()).seq()).isEqualTo(7);
            assertThat(c.isVisible()).isTrue();
            assertThat(c.isSelected()).isTrue();
        });
    }

    @Test
    void aPauseStopsTheDeadlineClockForTheMeterAndForTheGuard(FxRobot robot) throws Exception {
        Path harness = temp.resolve("hurried.harness.yaml");
        Files.writeString(harness, """
                bridle: 1
                name: hurried
                agents:
                  researcher:
                    system: You research the question in the notes.
                    tools: [fs.read]
                workflow:
                  start: research
                  nodes:
                    research: { agent: researcher, next: done }
                    done: { end: completed }
                guards:
                  - { id: budget, steps: { max: 3 } }
                  - { id: deadline, deadline: 1s }
                permissions:
                  default: deny
                  rules:
                    - { id: read-notes, allow: fs.read, paths: ["notes/**"] }
                """);
        Path scenario = Files.createDirectories(temp.resolve("hurried")).resolve("reads.scenario.yaml");
        Files.writeString(scenario, """
                bridle: 1
                harness: ../hurried.harness.yaml
                task: Which services call the billing API?
                model:
                  turns:
                    - say: Reading on.
                      calls:
                        - { tool: fs.read, args: { path: notes/services.md } }
                  repeat: last
                tools:
                  fs.read: { result: "billing-v1 is still used by: (see next page)" }
                """);
        open(robot, new DebugView.Target(HarnessReader.read(harness), ScenarioReader.read(scenario)));
        robot.interact(() -> model.breakOnGuardsProperty().set(false));
        robot.clickOn("#debug");
        awaitState(DebugViewModel.State.PAUSED);
        Thread.sleep(1_500); // longer than the deadline, paused at the start
        robot.clickOn("#step");
        awaitState(DebugViewModel.State.PAUSED);
        Guard.Meter deadline = model.snapshotProperty().get().meters().stream()
                .filter(m -> m.guard().equals("deadline")).findFirst().orElseThrow();
        // the meter and the guard are reported each on its own: both read the session's clock
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(deadline.value()).as("seconds on the meter after a 1.5 s pause").isLessThan(1.0);
        softly.assertThat(robot.lookup("#deadline-meter").tryQuery()).isPresent();

        robot.clickOn("#continue");
        awaitState(DebugViewModel.State.ENDED);
        softly.assertThat(model.resultProperty().get().rule()).as("the pause did not spend the deadline")
                .isEqualTo("budget");
        softly.assertAll();
    }
}
