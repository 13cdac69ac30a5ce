package dev.bridle.store;

import dev.bridle.event.RunEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The child process of {@link DurabilityKillTest}: records an endless synthetic run with the durability named by its
 * third argument and, at the first event of every step, prints {@code handed SEQ BEFORE AFTER .}: the event's sequence
 * number and {@link System#nanoTime()} just before it was handed to the recording and just after {@code accept}
 * returned. The test kills it with SIGKILL.
 */
public final class KilledRecorder {

    private KilledRecorder() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RunStore store = RunStore.open(args[0]);
        Recording recording = store.begin(new RunStart(args[1], "killed", "0".repeat(64), "mock:killed",
                Instant.now()), Durability.of(args[2]));
        SyntheticRun run = new SyntheticRun(Instant.now());
        int[] step = {0};
        Consumer<RunEvent> sink = e -> {
            long before = System.nanoTime();
            recording.accept(e);
            long after = System.nanoTime();
            if (e.step() > step[0]) {
                step[0] = e.step();
                // The trailing dot tells the reader that a line cut short by the kill is incomplete.
                out.println("handed " + e.seq() + " " + before + " " + after + " .");
            }
        };
        out.println("started");
        run.begin(sink);
        while (true) {
            run.step(sink);
        }
    }
}
