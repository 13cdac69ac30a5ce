package dev.bridle.app;

import dev.bridle.policy.ScenarioReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A folder of harnesses, each with its scenarios beside it: {@code NAME.harness.yaml} and {@code NAME/*.scenario.yaml}.
 * Listings are sorted by file name, so that the workbench shows the same order on every platform.
 */
public record ProjectFolder(Path path) {

    private static final List<String> HARNESS_SUFFIXES = List.of(".harness.yaml", ".harness.yml", ".harness.json");

    /** Whether {@code file} is named like a harness document. */
    public static boolean isHarnessFile(Path file) {
        String name = file.getFileName().toString();
        return HARNESS_SUFFIXES.stream().anyMatch(s -> name.endsWith(s) && name.length() > s.length());
    }

    /** The harness's name as its file gives it: {@code runaway-agent} for {@code runaway-agent.harness.yaml}. */
    public static String harnessName(Path harnessFile) {
        String name = harnessFile.getFileName().toString();
        for (String suffix : HARNESS_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** The scenario's name as its file gives it: {@code loops-forever} for {@code loops-forever.scenario.yaml}. */
    public static String scenarioName(Path scenarioFile) {
        String name = scenarioFile.getFileName().toString();
        return name.endsWith(ScenarioReader.SUFFIX) ? name.substring(0, name.length() - ScenarioReader.SUFFIX.length())
                : name;
    }

    /** Whether the folder exists. */
    public boolean exists() {
        return Files.isDirectory(path);
    }

    /** The harness files directly in the folder, sorted by name. */
    public List<Path> harnessFiles() throws IOException {
        return list(path, ProjectFolder::isHarnessFile);
    }

    /** The folder where the scenarios of {@code harnessFile} live: its name without the suffix. */
    public Path scenarioFolder(Path harnessFile) {
        return harnessFile.resolveSibling(harnessName(harnessFile));
    }

    /** The scenarios of {@code harnessFile}, sorted by name; empty when it has no scenario folder. */
    public List<Path> scenarioFiles(Path harnessFile) throws IOException {
        Path folder = scenarioFolder(harnessFile);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        return list(folder, f -> f.getFileName().toString().endsWith(ScenarioReader.SUFFIX));
    }

    private static List<Path> list(Path folder, Predicate<Path> wanted) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(wanted)
                    .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                    .toList();
        }
    }
}
