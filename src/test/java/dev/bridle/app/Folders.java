package dev.bridle.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Test folders: a copy of the samples, and files written on the spot. */
final class Folders {

    static final Path SAMPLES = Path.of("sample-policies");

    private Folders() {}

    /** Copies {@code sample-policies} into {@code target} and returns it. */
    static Path copyOfSamples(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            files.forEach(source -> {
                Path to = target.resolve(SAMPLES.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(source, to);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** A harness whose YAML does not parse: the flow sequence on line 2 is never closed. */
    static final String MALFORMED_HARNESS = """
            bridle: 1
            name: [broken
            agents:
              a: { system: hi }
            """;
}
