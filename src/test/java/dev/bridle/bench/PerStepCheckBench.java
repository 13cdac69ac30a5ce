package dev.bridle.bench;

import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.ToolGate;
import dev.bridle.guard.Facts;
import dev.bridle.guard.Guards;
import dev.bridle.guard.Verdict;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The full per-step check of the engine: the guards before the model call, the permission decision and the custom
 * rules before one tool call, and the guards after the step; 20 guards of every kind (two of them CEL conditions)
 * and 50 permission rules, none of which stops the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PerStepCheckBench {

    private Guards guards;
    private ToolGate gate;
    private final Facts facts = new Facts();
    private int step;
    private final ToolCall[] calls = new ToolCall[16];
    private Map<String, Object> toolActivation;

    @Setup
    public void setUp() throws Exception {
        List<GuardSpec> g = new ArrayList<>();
        Optional<String> any = Optional.empty();
        List<GuardSpec.Stage> stop = GuardSpec.STOP_ONLY;
        for (int i = 0; i < 4; i++) {
            g.add(new GuardSpec.Steps("steps-" + i, 1_000_000_000, any, stop));
        }
        g.add(new GuardSpec.Turns("turns", 1_000_000_000, any, stop));
        g.add(new GuardSpec.Deadline("deadline", Duration.ofDays(1), any, stop));
        g.add(new GuardSpec.Deadline("deadline-2", Duration.ofDays(2), any, stop));
        g.add(new GuardSpec.Tokens("tokens", 1_000_000, 1_000_000_000_000L, any, stop));
        g.add(new GuardSpec.Tokens("tokens-2", 2_000_000, 2_000_000_000_000L, any, stop));
        g.add(new GuardSpec.Cost("cost", 1e12, 3, 15, any, stop));
        g.add(new GuardSpec.Loop("loop", 6, 1_000, 3, 1_000, any, stop));
        g.add(new GuardSpec.Loop("loop-2", 12, 1_000, 2, 1_000, any, stop));
        g.add(new GuardSpec.NoProgress("progress", 1_000_000_000, any, stop));
        g.add(new GuardSpec.Stall("stall", 1_000_000_000, "act", any, stop));
        for (int i = 0; i < 4; i++) {
            g.add(new GuardSpec.Steps("agent-steps-" + i, 1_000_000_000, Optional.of("a"), stop));
        }
        g.add(new GuardSpec.Complete("done", "steps < 0", any, stop));
        g.add(new GuardSpec.Custom("no-lock-files",
                "tool.name == 'fs.write' && tool.args.path.endsWith('.lock')", any, List.of(GuardSpec.Stage.DENY)));
        guards = Guards.of(g);
        List<PermissionRule> rules = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            rules.add(new PermissionRule("r" + i, i % 7 == 0 ? Effect.DENY : i % 5 == 0 ? Effect.ASK : Effect.ALLOW,
                    i % 3 == 0 ? "fs.*" : "tool" + i, List.of(), List.of("src/module" + i + "/**"), List.of(), null));
        }
        rules.add(new PermissionRule("read-src", Effect.ALLOW, "fs.read", List.of(), List.of("src/**"), List.of(),
                null));
        rules.add(new PermissionRule("no-secrets", Effect.DENY, "fs.*", List.of(), List.of("**/secrets/**"),
                List.of(), null));
        gate = PermissionGate.of(new Permissions(Effect.DENY, rules), Optional.empty());
        for (int i = 0; i < calls.length; i++) {
            calls[i] = new ToolCall("fs.read", "{\"path\":\"src/main/File" + i + ".java\"}");
        }
        toolActivation = Map.of("tool", Map.of("name", "fs.read", "args", Map.of("path", "src/main/File.java")),
                "steps", 1L, "state", Map.of());
        facts.activation = Map.of("steps", 1L, "turns", 1L, "state", Map.of(), "tokens",
                Map.of("context", 1000L, "total", 120L));
    }

    @Benchmark
    public void fullCheckOfOneStepWithOneToolCall(Blackhole bh) {
        step++;
        facts.steps = step;
        facts.turns = 1;
        facts.tokensIn += 100;
        facts.tokensOut += 20;
        facts.contextTokens = 1000;
        facts.digest = step;
        ToolCall call = calls[step & 15];
        facts.lastActions = List.of(call.toString());
        bh.consume(guards.beforeModelCall(facts));
        bh.consume(gate.check("a", call));
        bh.consume(guards.beforeToolCall(facts, toolActivation));
        Verdict after = guards.afterStep(facts);
        bh.consume(after);
    }
}
