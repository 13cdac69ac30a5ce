package dev.bridle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The sample folder the tests run, as users see it. */
public final class Samples {

    public static final Path FOLDER = Path.of("sample-policies");

    private Samples() {}

    public static Path harness(String name) {
        return FOLDER.resolve(name + ".harness.yaml");
    }

    public static Path scenario(String harness, String scenario) {
        return FOLDER.resolve(harness).resolve(scenario + ".scenario.yaml");
    }

    /** Every scenario file under the sample folder, sorted. */
    public static List<Path> scenarios() {
        try (Stream<Path> walk = Files.walk(FOLDER)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".scenario.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
