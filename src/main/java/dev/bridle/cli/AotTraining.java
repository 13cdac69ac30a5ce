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
 * them, tests them, and runs every scenario recorded into a store, several times over so that the profiles of the
 * engine and the store are those of a warm run. Output is discarded; the exit codes of the commands do not matter
 * (a scenario that is stopped by a guard exits 3 on purpose).
 *
 * <p>{@code java -XX:AOTCacheOutput=target/bridle.aot -cp target/bridle.jar dev.bridle.cli.AotTraining
 * sample-policies}
 */
public final class AotTraining {

    /** How many times every scenario is run recorded. */
    private static final int ROUNDS = 1;

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
            execute("runs", "list", "--db", db);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void execute(String... args) {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        Main.execute(args, discard, discard);
    }
}
