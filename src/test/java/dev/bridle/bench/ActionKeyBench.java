package dev.bridle.bench;

import dev.bridle.guard.ActionKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a tool call's loop key, now that every call's arguments are parsed (numbers by value, keys sorted, the
 * path normalised). Run: see ConditionBudgetBench, with {@code ActionKeyBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ActionKeyBench {

    @Benchmark
    public String typicalFileCall() {
        return ActionKey.of("fs.read", "{\"path\":\"src/main/App.java\"}", "path", p -> p);
    }

    @Benchmark
    public String callWithNumbersAndNesting() {
        return ActionKey.of("search", "{\"query\":\"billing-v1\",\"limit\":10.0,\"filters\":{\"b\":1,\"a\":[1.5,2]}}",
                null, p -> p);
    }
}
