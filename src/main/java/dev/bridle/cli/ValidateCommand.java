package dev.bridle.cli;

import dev.bridle.policy.DocumentException;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Problem;
import dev.bridle.policy.ScenarioChecks;
import dev.bridle.policy.ScenarioReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bridle validate}: check harness and scenario files, printing each problem as FILE:LINE:COL. */
@Command(
        name = "validate",
        description = "Check harnesses and scenarios. Exit code: 0 valid, 1 warnings with --strict, 2 errors.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, or folders to search for them.")
    List<Path> paths;

    @Option(names = "--strict", description = "Treat warnings as failures (exit code 1).")
    boolean strict;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            files.addAll(expand(p));
        }
        int errors = 0;
        int warnings = 0;
        for (Path f : files) {
            List<Problem> problems = check(f);
            for (Problem p : problems) {
                err.print(p.renderWithExcerpt(source(p)));
                if (p.severity() == Problem.Severity.ERROR) {
                    errors++;
                } else {
                    warnings++;
                }
            }
            if (problems.isEmpty()) {
                out.println(f + ": ok");
            }
        }
        // print() does not flush even an auto-flushing writer, and the process exits right after
        err.flush();
        out.println(files.size() + " files, " + errors + " errors, " + warnings + " warnings");
        if (errors > 0) {
            return ExitCodes.BAD_INPUT;
        }
        return strict && warnings > 0 ? ExitCodes.WARNINGS : ExitCodes.OK;
    }

    /** The text of the file a problem is in, for its excerpt; empty when it cannot be read. */
    private static String source(Problem p) {
        try {
            return Files.readString(Path.of(p.location().file()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static List<Path> expand(Path p) {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> isHarness(f) || f.getFileName().toString().endsWith(ScenarioReader.SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of(p);
        }
    }

    static boolean isHarness(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".harness.yaml") || n.endsWith(".harness.yml") || n.endsWith(".harness.json");
    }

    private static List<Problem> check(Path f) {
        try {
            if (f.getFileName().toString().endsWith(ScenarioReader.SUFFIX)) {
                ScenarioReader.Loaded s = ScenarioReader.read(f);
                HarnessReader.Loaded h = HarnessReader.read(s.harnessFile());
                List<Problem> out = new ArrayList<>(h.warnings());
                out.addAll(ScenarioChecks.check(s, h.harness()));
                return out;
            }
            return HarnessReader.read(f).warnings();
        } catch (DocumentException e) {
            return e.problems();
        }
    }
}
