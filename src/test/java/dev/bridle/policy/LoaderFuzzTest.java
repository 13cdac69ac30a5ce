package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mutates the sample documents (characters deleted, inserted, replaced; lines dropped, duplicated, swapped, indented)
 * and checks that the loader gives a valid document or located problems, and never throws anything else.
 */
class LoaderFuzzTest {

    private static final List<String> SAMPLES = load();

    private static List<String> load() {
        try (Stream<Path> files = Files.list(Samples.FOLDER)) {
            return files.filter(p -> p.toString().endsWith(".harness.yaml")).sorted().map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Mutation(int sample, int kind, int position, int other, char c) {}

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, SAMPLES.size() - 1),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, 100_000),
                        Arbitraries.integers().between(0, 100_000),
                        Arbitraries.of(':', '{', '}', '[', ']', '-', ' ', '\n', '"', '\'', '#', '&', '*', '!', '|',
                                '>', '%', '@', '`', '\t', 'x', '0', '\u0000', '\u00e9'))
                .as(Mutation::new);
    }

    @Property(tries = 10_000)
    void everyMutationGivesAValidDocumentOrLocatedProblems(@ForAll("mutations") Mutation m) {
        String text = mutate(SAMPLES.get(m.sample()), m);
        try {
            HarnessReader.Loaded loaded = HarnessReader.parse("fuzz.yaml", text);
            assertThat(loaded.harness()).isNotNull();
            loaded.warnings().forEach(LoaderFuzzTest::assertLocated);
        } catch (DocumentException e) {
            assertThat(e.problems()).isNotEmpty();
            e.problems().forEach(LoaderFuzzTest::assertLocated);
        }
    }

    private static void assertLocated(Problem p) {
        assertThat(p.location().file()).isEqualTo("fuzz.yaml");
        assertThat(p.location().line()).isPositive();
        assertThat(p.location().column()).isPositive();
        assertThat(p.message()).isNotBlank();
    }

    static String mutate(String text, Mutation m) {
        int at = m.position() % (text.length() + 1);
        String[] lines = text.split("\n", -1);
        int line = m.position() % lines.length;
        int other = m.other() % lines.length;
        return switch (m.kind()) {
            case 0 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text;
            case 1 -> text.substring(0, at) + m.c() + text.substring(at);
            case 2 -> at < text.length() ? text.substring(0, at) + m.c() + text.substring(at + 1) : text;
            case 3 -> join(lines, line, null);
            case 4 -> join(lines, line, lines[line] + "\n" + lines[line]);
            case 5 -> {
                String[] copy = lines.clone();
                copy[line] = lines[other];
                copy[other] = lines[line];
                yield String.join("\n", copy);
            }
            case 6 -> join(lines, line, "  " + lines[line]);
            default -> text.substring(0, Math.min(at, text.length()));
        };
    }

    private static String join(String[] lines, int at, String replacement) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String l = i == at ? replacement : lines[i];
            if (l != null) {
                sb.append(l).append(i < lines.length - 1 ? "\n" : "");
            }
        }
        return sb.toString();
    }
}
