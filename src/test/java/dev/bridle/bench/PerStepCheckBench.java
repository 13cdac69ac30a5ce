package dev.bridle.bench;

import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.ToolGate;
import dev.bridle.guard.Facts;
import dev.bridle.guard.Guards;
import dev.bridle.guard.Verdict;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.HarnessReader;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The full per-step check of the engine: the guards before the model call, the permission decision and the custom
 * rules before one tool call, and the guards after the step; 20 guards of every kind (two of them CEL conditions)
 * and 50 permission rules, with tool declarations in play ({@code tools:}), none of which stops the run. The tool call
 * is to the built-in {@code fs.read} or to the declared {@code read_file(file_path)} ({@link #tool}).
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

    /** Whether the tool call is to the built-in fs.read or to the declared read_file(file_path). */
    @Param({"built-in", "declared"})
    public String tool;

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
        // 50 rules over built-in and declared tools, read from a document as users write them.
        StringBuilder yaml = new StringBuilder("""
                bridle: 1
                name: bench
                agents:
                  a: { tools: [fs.read, fs.write, read_file, edit_file, run_terminal_cmd, web_fetch, search_docs] }
                tools:
                  read_file: { reads: file_path }
                  edit_file: { writes: target_file }
                  run_terminal_cmd: { runs: command }
                  web_fetch: { fetches: url }
                  search_docs: {}
                workflow: { start: end, nodes: { end: { end: completed } } }
                permissions:
                  default: deny
                  rules:
                """);
        // The same rule shapes as before declarations existed (a third on fs.*, the rest on other tools), so the
        // figures compare; two more rules give the declared read_file and run_terminal_cmd their scope.
        for (int i = 0; i < 46; i++) {
            String effect = i % 7 == 0 ? "deny" : i % 5 == 0 ? "ask" : "allow";
            yaml.append("    - { id: r").append(i).append(", ").append(effect).append(": \"")
                    .append(i % 3 == 0 ? "fs.*" : "tool" + i).append("\", paths: [\"src/module").append(i)
                    .append("/**\"] }\n");
        }
        yaml.append("""
                    - { id: read-src, allow: fs.read, paths: ["src/**"] }
                    - { id: read-file-src, allow: read_file, paths: ["src/**"] }
                    - { id: git, allow: "run_terminal_cmd:git" }
                    - { id: no-secrets, deny: "fs.*", paths: ["**/secrets/**"] }
                """);
        gate = PermissionGate.of(HarnessReader.parse("bench.harness.yaml", yaml.toString()).harness(),
                Optional.empty());
        for (int i = 0; i < calls.length; i++) {
            // The declared tool's call is read through its declaration: file_path is its path argument.
            calls[i] = switch (tool) {
                case "declared" -> new ToolCall("read_file", "{\"file_path\":\"src/main/File" + i + ".java\"}");
                case "built-in" -> new ToolCall("fs.read", "{\"path\":\"src/main/File" + i + ".java\"}");
                default -> throw new IllegalStateException("tool: built-in or declared, not " + tool);
            };
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
