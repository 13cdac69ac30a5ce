package dev.bridle.cli;

import dev.bridle.store.RunStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workload {@code mvn package} runs once to record the command line's AOT cache, {@code target/bridle.aot}
 * (JDK 25's ahead-of-time class loading and linking, and method profiles: JEPs 483, 514 and 515), which
 * {@code target/bridle} then starts with. It runs, in one JVM, what a user does with the sample policies: validates
 * them, tests them, and runs every scenario recorded into a store; then one long recorded run (3,000 steps of a
 * scripted agent reading a file), so that the engine's and the store's loops are profiled as a long run's are. Output
 * is discarded; the exit codes of the commands do not matter (a run stopped by a guard exits 3 on purpose).
 *
 * <p>{@code java -XX:AOTCacheOutput=target/bridle.aot -cp target/bridle.jar dev.bridle.cli.AotTraining
 * sample-policies}
 */
public final class AotTraining {

    /** How many times every scenario is run recorded. */
    private static final int ROUNDS = 1;

    /** The steps of the one long run: enough for the engine's and the store's loops to be profiled warm. */
    private static final int LONG_STEPS = 3_000;

    // A scripted agent that reads a file on every step until its budget stops it: the loop every long run goes
    // round (a model turn, a permission check, a tool call, the guards, the context window, the recording).
    private static final String LONG_HARNESS = """
            bridle: 1
            name: %s
            description: One scripted agent reading one file per step until its step budget stops it.
            agents:
              worker: { system: You work., tools: [fs.read] }
            workflow:
              start: work
              nodes:
                work: { agent: worker, next: done }
                done: { end: completed }
            guards:
              - { id: budget, steps: { max: %d } }
              - { id: loop, loop: { window: 8, repeats: 1000000 } }
            permissions:
              default: deny
              rules:
                - { id: read, allow: fs.read, paths: ["src/**"] }
            context: { window: 2000, compaction: drop-oldest, keepRecent: 4 }
            run: { limits: { attempts: 10000000, events: 100000000, transitions: 10000000 } }   # runs of 100,000 steps
            """;

    private static final String LONG_SCENARIO = """
            bridle: 1
            description: The agent reads the same file on every step; the budget stops it.
            harness: %s
            task: Read the sources.
            model:
              turns:
                - say: Reading on.
                  calls:
                    - { tool: fs.read, args: { path: src/a.txt } }
              repeat: last
            tools:
              fs.read: { result: "class A {}" }
            """;

    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AotTraining SAMPLE_POLICIES_FOLDER");
            System.exit(2);
        }
        Path samples = Path.of(args[0]);
        Path work = Files.createTempDirectory("bridle-aot-training");
        try {
            String db = RunStore.fileUrl(work.resolve("runs"));
            List<String[]> runs = new ArrayList<>();
            try (Stream<Path> files = Files.walk(samples)) {
                for (Path scenario : files.filter(p -> p.toString().endsWith(".scenario.yaml")).sorted().toList()) {
                    Path harness = scenario.getParent().resolveSibling(
                            scenario.getParent().getFileName() + ".harness.yaml");
                    if (Files.isRegularFile(harness)) {
                        runs.add(new String[] {"run", harness.toString(), "--scenario", scenario.toString(), "-q",
                            "--db", db});
                    }
                }
            }
            execute("validate", samples.toString());
            execute("test", samples.toString());
            for (int round = 0; round < ROUNDS; round++) {
                for (String[] run : runs) {
                    execute(run);
                }
            }
            Path harness = Files.writeString(work.resolve("aot-training.harness.yaml"),
                    longHarness("aot-training", LONG_STEPS));
            Path scenario = Files.writeString(Files.createDirectories(work.resolve("aot-training"))
                    .resolve("long.scenario.yaml"), longScenario("../aot-training.harness.yaml"));
            execute("run", harness.toString(), "--scenario", scenario.toString(), "-q", "--db", db);
            execute("runs", "list", "--db", db);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The long run's harness, named {@code name}, whose step budget is {@code steps}: the training's long run, and the
     * long run of the benchmarks and tests ({@code LongRun} in the tests).
     */
    public static String longHarness(String name, int steps) {
        return LONG_HARNESS.formatted(name, steps);
    }

    /** The long run's scenario, for the harness at {@code harness} (relative to the scenario's folder). */
    public static String longScenario(String harness) {
        return LONG_SCENARIO.formatted(harness);
    }

    private static void execute(String... args) {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        Main.execute(args, discard, discard);
    }
}
