package dev.bridle.app;

import dev.bridle.cli.AotTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated harness and scenario for long runs: one scripted agent reads a file on every step, through the
 * permission gate, with a loop guard that never fires and a small context window that compacts, until its step
 * budget stops it at exactly {@code steps}. About five events per step.
 */
public final class LongRun {

    public static final String HARNESS_FILE = "long-run.harness.yaml";
    public static final String SCENARIO_FILE = "long-run/steps.scenario.yaml";

    private LongRun() {}

    // The harness and scenario are the AOT cache's training run (AotTraining), so that the benchmarks measure the loop
    // the cache was trained on and both change together.
    private static final String EXPECT = """
            expect:
              outcome: stopped
              rule: budget
              step: %d
            """;

    /** The harness's YAML, with its step budget at {@code steps}. */
    public static String harness(int steps) {
        return AotTraining.longHarness("long-run", steps);
    }

    /** Writes the harness and its scenario into {@code folder}. */
    public static void write(Path folder, int steps) throws IOException {
        Files.writeString(folder.resolve(HARNESS_FILE), harness(steps));
        Files.createDirectories(folder.resolve("long-run"));
        Files.writeString(folder.resolve(SCENARIO_FILE),
                AotTraining.longScenario("../" + HARNESS_FILE) + EXPECT.formatted(steps));
    }
}
