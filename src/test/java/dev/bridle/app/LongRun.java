package dev.bridle.app;

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

    private static final String HARNESS = """
            bridle: 1
            name: long-run
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

    private static final String SCENARIO = """
            bridle: 1
            description: The agent reads the same file on every step; the budget stops it.
            harness: ../long-run.harness.yaml
            task: Read the sources.
            model:
              turns:
                - say: Reading on.
                  calls:
                    - { tool: fs.read, args: { path: src/a.txt } }
              repeat: last
            tools:
              fs.read: { result: "class A {}" }
            expect:
              outcome: stopped
              rule: budget
              step: %d
            """;

    /** The harness's YAML, with its step budget at {@code steps}. */
    public static String harness(int steps) {
        return HARNESS.formatted(steps);
    }

    /** Writes the harness and its scenario into {@code folder}. */
    public static void write(Path folder, int steps) throws IOException {
        Files.writeString(folder.resolve(HARNESS_FILE), harness(steps));
        Files.createDirectories(folder.resolve("long-run"));
        Files.writeString(folder.resolve(SCENARIO_FILE), SCENARIO.formatted(steps));
    }
}
