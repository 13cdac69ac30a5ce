package dev.bridle.bench;

import dev.bridle.guard.Guards;
import dev.bridle.guard.Facts;
import dev.bridle.guard.Verdict;
import dev.bridle.policy.GuardSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Smoke benchmark: the per-step guard check with 20 step guards, none of which fires. */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GuardCheckBench {

    private Guards guards;
    private final Facts facts = new Facts();

    @Setup
    public void setUp() throws Exception {
        List<GuardSpec> specs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            specs.add(new GuardSpec.Steps("g" + i, 1_000_000 + i));
        }
        guards = Guards.of(specs);
    }

    @Benchmark
    public Verdict twentyGuardsAfterOneStep() {
        facts.steps = (facts.steps + 1) & 0xFFFF;
        return guards.afterStep(facts);
    }
}
