package dev.bridle.cli;

import dev.bridle.scenario.JUnitReport;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.scenario.ScenarioSuite;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bridle test}: run every scenario found, one line each, with the expected/actual diff of each failure. */
@Command(
        name = "test",
        description = "Run the scenarios of harnesses. Exit code: 0 all passed, 1 a scenario failed, 2 invalid files.")
final class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH",
            description = "Scenario files, or folders to search (default: the current folder).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML.")
    Path junit;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = ScenarioSuite.find(paths.isEmpty() ? List.of(Path.of(".")) : paths);
        // Only the verdicts are printed, so a long scenario's events are not kept beyond what its expectations read.
        ScenarioRunner runner = new ScenarioRunner(Optional.empty(), Clock.systemUTC(),
                () -> UUID.randomUUID().toString()).keepingLast(0);
        List<ScenarioSuite.Result> results = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int pending = 0;
        int invalid = 0;
        int broken = 0;
        for (Path f : files) {
            ScenarioSuite.Result r;
            try {
                r = ScenarioSuite.run(runner, f);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                // One scenario that breaks fails on its own; the rest of the suite still runs and reports. Memory
                // is bounded per run by run.limits (events), so this is a last line, not the mechanism.
                broken++;
                failed++;
                out.printf("ERROR    %-48s %s%n", ScenarioSuite.nameOf(f), oneLine(e));
                continue;
            }
            results.add(r);
            switch (r) {
                case ScenarioSuite.Result.Ran ran when ran.report().passed() -> {
                    passed++;
                    out.printf("PASS     %-48s %s%n", r.name(), ran.report().result().headline());
                }
                case ScenarioSuite.Result.Ran ran -> {
                    failed++;
                    out.printf("FAIL     %-48s %s%n", r.name(), ran.report().result().headline());
                    ran.report().mismatches().forEach(m -> out.println("           " + m));
                }
                case ScenarioSuite.Result.Pending p -> {
                    pending++;
                    out.printf("PENDING  %-48s %s%n", r.name(), p.reason());
                }
                case ScenarioSuite.Result.Invalid inv -> {
                    invalid++;
                    out.printf("INVALID  %-48s%n", r.name());
                    inv.problems().forEach(p -> out.println("           " + p.render()));
                }
            }
        }
        out.printf("%d passed, %d failed, %d pending, %d invalid%n", passed, failed, pending, invalid);
        if (broken > 0) {
            out.printf("%d of the failures ended with an error inside Bridle (ERROR lines above)%n", broken);
        }
        if (junit != null) {
            Files.writeString(junit, JUnitReport.xml(results));
        }
        if (invalid > 0 || files.isEmpty()) {
            if (files.isEmpty()) {
                String where = paths.isEmpty() ? "." : paths.stream().map(Path::toString)
                        .collect(Collectors.joining(", "));
                spec.commandLine().getErr().println("bridle: no *.scenario.yaml found in " + where);
            }
            return ExitCodes.BAD_INPUT;
        }
        return failed > 0 ? ExitCodes.WARNINGS : ExitCodes.OK;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + message;
    }
}
