package dev.bridle.bench;

import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import dev.bridle.tool.BuiltInTools;
import dev.bridle.tool.ToolResult;
import dev.bridle.tool.sandbox.Bubblewrap;
import dev.bridle.tool.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the sandbox adds to one shell command: the same built-in {@code shell} call ({@code ls docs} in a small
 * workspace with a write rule, so one writable bind is made), started unconfined ({@code sandbox: none}) and inside
 * bubblewrap, in the same run. The added time is the difference of the two p50s of the sample mode. Run with
 * {@code mvn -B -Pbench verify -Dbench.args="SandboxStartBench -wi 2 -i 5"}; it needs {@code /usr/bin/bwrap}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SandboxStartBench {

    private static final ToolCall LS = new ToolCall("shell", "{\"command\":\"ls docs\"}");

    private Path dir;
    private BuiltInTools bare;
    private BuiltInTools sandboxed;

    @Setup
    public void setUp() throws IOException {
        Path bwrap = Path.of(Bubblewrap.PROGRAM);
        if (!Files.isExecutable(bwrap)) {
            throw new IllegalStateException(bwrap + " is missing: apt-get install bubblewrap");
        }
        dir = Files.createTempDirectory("bridle-sandbox-bench-");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/index.md"), "# Docs\n");
        PathScope scope = PathScope.of(dir);
        PermissionCheck check = PermissionCheck.of(new Permissions(Effect.DENY, List.of(
                new PermissionRule("write-docs", Effect.ALLOW, "fs.write", List.of(),
                        List.of("docs/**"), List.of(), null))));
        bare = BuiltInTools.files(scope, check, Sandbox.none());
        sandboxed = BuiltInTools.files(scope, check, new Bubblewrap(bwrap));
        for (BuiltInTools tools : List.of(bare, sandboxed)) {
            ToolResult r = tools.call("a", LS);
            if (!r.ok() || !r.output().equals("index.md\n")) {
                throw new IllegalStateException("the command does not run: " + r.output());
            }
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public ToolResult unsandboxed() {
        return bare.call("a", LS);
    }

    @Benchmark
    public ToolResult inBubblewrap() {
        return sandboxed.call("a", LS);
    }
}
