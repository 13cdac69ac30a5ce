package dev.bridle.app.debug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.app.LongRun;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** A long debug run reaches the FX thread in batches, at most one per pulse, never one hand-over per event. */
@ExtendWith(ApplicationExtension.class)
class EventBatchingTest {

    @TempDir
    Path dir;

    @Test
    void aRunOfTwentyThousandStepsIsHandedOverAtMostOncePerPulse(FxRobot robot) throws Exception {
        LongRun.write(dir, 20_000);
        HarnessReader.Loaded harness = HarnessReader.read(dir.resolve(LongRun.HARNESS_FILE));
        ScenarioReader.Loaded scenario = ScenarioReader.read(dir.resolve(LongRun.SCENARIO_FILE));
        DebugViewModel model = new DebugViewModel();
        AtomicLong pulses = new AtomicLong();
        AnimationTimer counter = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.incrementAndGet();
            }
        };
        robot.interact(() -> {
            counter.start();
            model.breakOnGuardsProperty().set(false);
            model.start(harness, scenario, Optional.empty());
        });
        WaitForAsyncUtils.waitFor(2, TimeUnit.MINUTES, () -> model.stateProperty().get() == DebugViewModel.State.ENDED);
        robot.interact(counter::stop);

        long[] seen = new long[5];
        robot.interact(() -> {
            seen[0] = model.eventCountProperty().get();
            seen[1] = model.handOvers();
            seen[2] = model.latestEvents().size();
            seen[3] = model.latestEvents().getLast().seq() - model.eventCountProperty().get();
            // the window is the latest events in order, none missing
            seen[4] = java.util.stream.IntStream.range(1, model.latestEvents().size())
                    .filter(i -> model.latestEvents().get(i).seq() != model.latestEvents().get(i - 1).seq() + 1)
                    .count();
        });
        long events = seen[0];
        long handOvers = seen[1];
        assertThat(model.resultProperty().get().steps()).isEqualTo(20_000);
        assertThat(events).isGreaterThan(100_000);
        // One hand-over per pulse while the run goes, and one more when it ends (the rest, without waiting a pulse).
        assertThat(handOvers).isPositive().isLessThanOrEqualTo(pulses.get() + 1).isLessThan(events / 100);
        // The event list shows the latest events only: a list of all of them would cost a frame's time to lay out.
        assertThat(seen[2]).isEqualTo(DebugViewModel.SHOWN);
        assertThat(seen[3]).isZero();
        assertThat(seen[4]).as("gaps in the latest events").isZero();
    }

    @Test
    void aRecordedDebugRunIsWholeInTheStoreWhenItEnds(FxRobot robot) throws Exception {
        LongRun.write(dir, 5_000);
        HarnessReader.Loaded harness = HarnessReader.read(dir.resolve(LongRun.HARNESS_FILE));
        ScenarioReader.Loaded scenario = ScenarioReader.read(dir.resolve(LongRun.SCENARIO_FILE));
        try (dev.bridle.store.RunStore store =
                dev.bridle.store.RunStore.open(dev.bridle.store.RunStore.fileUrl(dir.resolve("runs")))) {
            DebugViewModel model = new DebugViewModel();
            robot.interact(() -> {
                model.breakOnGuardsProperty().set(false);
                model.start(harness, scenario, Optional.of(store));
            });
            WaitForAsyncUtils.waitFor(2, TimeUnit.MINUTES,
                    () -> model.stateProperty().get() == DebugViewModel.State.ENDED);

            // recorded in batches, and every batch committed by the time the session says it ended
            String runId = store.runs().getFirst().id();
            long[] shown = new long[1];
            robot.interact(() -> shown[0] = model.eventCountProperty().get());
            assertThat(store.events(runId)).hasSize((int) shown[0]);
            assertThat(store.run(runId).orElseThrow().outcome()).contains(model.resultProperty().get().outcome());
        }
    }
}
