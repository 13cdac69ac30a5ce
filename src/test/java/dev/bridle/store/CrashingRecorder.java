package dev.bridle.store;

import dev.bridle.event.RunEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The child process of {@link CrashTest}: records an endless synthetic run with {@link Durability#EVERY_STEP} and
 * prints {@code durable SEQ} each time a step has ended and the recording has returned, so that everything up to SEQ
 * is committed. The test kills it with SIGKILL at a random moment.
 */
public final class CrashingRecorder {

    private CrashingRecorder() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RunStore store = RunStore.open(args[0]);
        Recording recording = store.begin(
                new RunStart(args[1], "crash", "0".repeat(64), "mock:crash", Instant.now()), Durability.EVERY_STEP);
        SyntheticRun run = new SyntheticRun(Instant.now());
        int[] step = {0};
        java.util.function.Consumer<RunEvent> sink = e -> {
            recording.accept(e);
            if (e.step() > step[0]) {
                // accept returned after the step that just ended was committed, with this event
                step[0] = e.step();
                out.println("durable " + e.seq());
            }
        };
        out.println("started");
        run.begin(sink);
        while (true) {
            run.step(sink);
        }
    }
}
