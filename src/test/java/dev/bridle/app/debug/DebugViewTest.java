package dev.bridle.app.debug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.context.ContextEntry;
import dev.bridle.engine.RunSnapshot;
import dev.bridle.event.EventSink;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The headless debugger flows, clicked through the debug view. */
@ExtendWith(ApplicationExtension.class)
class DebugViewTest {

    private Stage stage;
    private final DebugViewModel model = new DebugViewModel();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private void open(FxRobot robot, String harness, String scenario) throws Exception {
        DebugView.Target target = new DebugView.Target(HarnessReader.read(Samples.harness(harness)),
                ScenarioReader.read(Samples.scenario(harness, scenario)));
        robot.interact(() -> {
            stage.setScene(new Scene(new DebugView(model, () -> Optional.of(target), Optional::empty), 1100, 600));
            stage.show();
        });
    }

    private void awaitState(DebugViewModel.State s) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.stateProperty().get() == s);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void debugLostContextWithABreakpointOnCompaction(FxRobot robot) throws Exception {
        open(robot, "lost-context", "keeps-the-requirement");
        robot.interact(() -> {
            model.breakOnGuardsProperty().set(false);
            model.kindBreakpoints().add("context.compacted");
        });
        robot.clickOn("#debug");
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
}
