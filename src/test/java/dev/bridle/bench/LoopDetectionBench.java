package dev.bridle.bench;

import dev.bridle.guard.LoopGuard;
import dev.bridle.policy.GuardSpec;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loop detection over runs of 10k, 100k and 1M actions: the time per run should grow linearly (constant per step),
 * because the guard keeps a fixed window and a fixed-length tail.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class LoopDetectionBench {

    @Param({"10000", "100000", "1000000"})
    int steps;

    private String[] actions;

    @Setup
    public void setUp() {
        actions = new String[997];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = "fs.read{\"path\":\"src/File" + i + ".java\"}";
        }
    }

    @Benchmark
    public int detectOverARun() {
        LoopGuard guard = new LoopGuard(new GuardSpec.Loop("loop", 32, 3, 4, 3, Optional.empty(),
                GuardSpec.STOP_ONLY));
        int found = 0;
        for (int i = 0; i < steps; i++) {
            if (guard.record(actions[i % actions.length]).isPresent()) {
                found++;
            }
        }
        return found;
    }
}
