package dev.bridle.bench;

import dev.bridle.engine.Approver;
import dev.bridle.engine.Bindings;
import dev.bridle.engine.Engine;
import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.RunResult;
import dev.bridle.event.EventSink;
import dev.bridle.model.ScriptedModel;
import dev.bridle.model.TokenCounter;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Scenario;
import dev.bridle.tool.StubTools;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine with the mock model and recording off: a run of 100,000 steps, each a model turn with one tool call,
 * through the permission gate, with a step budget, a loop guard and a context window that compacts. Reported per
 * step; steps per second is its inverse.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-XX:ActiveProcessorCount=1")
public class EngineThroughputBench {

    static final int STEPS = 100_000;

    private Harness harness;
    private Scenario.Script script;

    @Setup
    public void setUp() throws Exception {
        // the same harness as the workbench's long-run benchmark: one agent, one read a step, a budget of STEPS
        harness = HarnessReader.parse("bench.yaml", dev.bridle.app.LongRun.harness(STEPS)).harness();
        script = new Scenario.Script(List.of(new Scenario.Turn("", List.of(
                new Scenario.ScriptedCall("fs.read", "{\"path\":\"src/a.txt\"}")))), Scenario.Repeat.LAST);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public RunResult hundredThousandSteps() {
        Bindings b = new Bindings(new ScriptedModel("bench", script, TokenCounter.cl100k()),
                new StubTools(Map.of("fs.read", new Scenario.ToolStub("ok", false))),
                PermissionGate.of(harness, java.util.Optional.empty()), Approver.nobody(),
                (agent, messages) -> "summary", Clock.systemUTC(), TokenCounter.cl100k(), Bindings.Pause.none());
        RunResult r = new Engine(harness, b, EventSink.none()).run("go");
        if (r.steps() != STEPS) {
            throw new IllegalStateException("ran " + r.steps() + " steps: " + r.headline());
        }
        return r;
    }
}
