package dev.bridle.bench;

import dev.bridle.access.AccessRequest;
import dev.bridle.access.Decision;
import dev.bridle.access.PermissionCheck;
import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
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

/**
 * The per-step permission check with 50 rules (tool, agent, path and host globs of every kind) against typical
 * requests: a path allowed late in the list, a denied path, a host, a shell command, and one that falls to the
 * default. Run with {@code mvn -B -Pbench verify -Dbench.args=PermissionCheckBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PermissionCheckBench {

    private PermissionCheck check;
    private AccessRequest allowedPath;
    private AccessRequest deniedPath;
    private AccessRequest host;
    private AccessRequest shell;
    private AccessRequest nothing;

    @Setup
    public void setUp() {
        List<PermissionRule> rules = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rules.add(new PermissionRule("tool-" + i, Effect.ALLOW, "custom" + i + ".*", List.of(), List.of(),
                    List.of(), null));
            rules.add(new PermissionRule("agent-" + i, Effect.ASK, "fs.write", List.of("agent" + i), List.of(),
                    List.of(), null));
            rules.add(new PermissionRule("path-" + i, Effect.ALLOW, "fs.*", List.of(),
                    List.of("workspace/module" + i + "/**", "docs/**/*.md", "build/*/out-" + i + ".txt"), List.of(),
                    null));
            rules.add(new PermissionRule("host-" + i, Effect.ALLOW, "http.get", List.of(), List.of(),
                    List.of("*.host" + i + ".example.com", "api" + i + ".example.org"), null));
            rules.add(new PermissionRule("deny-" + i, Effect.DENY, "fs.*", List.of(),
                    List.of("secrets" + i + "/**", "**/*.key" + i), List.of(), null));
        }
        rules.set(49, new PermissionRule("shell-git", Effect.ALLOW, "shell:git", List.of(), List.of(), List.of(),
                null));
        check = PermissionCheck.of(new Permissions(Effect.DENY, rules));
        allowedPath = AccessRequest.of("coder", "fs.read").withPath("module9/src/../src/main/App.java");
        deniedPath = AccessRequest.of("coder", "fs.read").withPath("module3/secrets3/../../secrets3/token");
        host = AccessRequest.of("coder", "http.get").withHost("svc.host7.example.com");
        shell = AccessRequest.of("coder", "shell").withCommand("git commit -m 'a message'");
        nothing = AccessRequest.of("coder", "unknown.tool");
    }

    @Benchmark
    public Decision allowedPath() {
        return check.check(allowedPath);
    }

    @Benchmark
    public Decision deniedPath() {
        return check.check(deniedPath);
    }

    @Benchmark
    public Decision host() {
        return check.check(host);
    }

    @Benchmark
    public Decision shell() {
        return check.check(shell);
    }

    @Benchmark
    public Decision noRuleMatches() {
        return check.check(nothing);
    }
}
