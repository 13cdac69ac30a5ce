package dev.bridle.scenario;

import dev.bridle.event.EventSink;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Problem;
import dev.bridle.policy.ScenarioReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the scenarios under some paths and runs each, as {@code bridle test} and the workbench's Tests view do. */
public final class ScenarioSuite {

    private ScenarioSuite() {}

    /** What one scenario gave. */
    public sealed interface Result {
        Path file();

        String name();

        long millis();

        /** The run met every expectation, or not (then the report has the mismatches). */
        record Ran(Path file, String name, ScenarioRunner.Report report, long millis) implements Result {}

        /** The scenario waits for a feature; it was not run. */
        record Pending(Path file, String name, String reason, long millis) implements Result {}

        /** The scenario or its harness is not valid. */
        record Invalid(Path file, String name, List<Problem> problems, long millis) implements Result {}
    }

    /** Scenario files under each path (a file, or a folder searched recursively), sorted. */
    public static List<Path> find(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> f.getFileName().toString().endsWith(ScenarioReader.SUFFIX)).sorted()
                            .forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Runs one scenario file. */
    public static Result run(ScenarioRunner runner, Path file) {
        long start = System.nanoTime();
        String name = nameOf(file);
        try {
            ScenarioReader.Loaded loaded = ScenarioReader.read(file);
            Optional<String> pending = loaded.scenario().pending();
            if (pending.isPresent()) {
                return new Result.Pending(file, name, pending.get(), millis(start));
            }
            ScenarioRunner.Report report = runner.run(file, EventSink.none());
            return new Result.Ran(file, name, report, millis(start));
        } catch (DocumentException e) {
            return new Result.Invalid(file, name, e.problems(), millis(start));
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** {@code harness/scenario}, the name reports use. */
    public static String nameOf(Path file) {
        String f = file.getFileName().toString();
        String scenario = f.endsWith(ScenarioReader.SUFFIX) ? f.substring(0, f.length() - ScenarioReader.SUFFIX.length())
                : f;
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? scenario : parent.getFileName() + "/" + scenario;
    }
}
