package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bridle.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mutates the sample documents (characters deleted, inserted, replaced; lines dropped, duplicated, swapped, indented)
 * and checks that the loader gives a valid document or located problems, and never throws anything else; and that no
 * message, for mutated YAML, mutated JSON, random YAML punctuation or a corpus of hostile inputs, names a part of a
 * library.
 */
class LoaderFuzzTest {

    private static final List<String> SAMPLES = load();
    private static final List<String> JSON_SAMPLES = SAMPLES.stream().map(LoaderFuzzTest::toJson).toList();

    /** What a message written for a person never contains: package names, exception and event classes, calls. */
    private static final List<String> LIBRARY_WORDS = List.of("org.", "com.", "Exception", "Event", "()");

    private static String toJson(String yaml) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(new YAMLMapper().readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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

    @Property(tries = 3_000)
    void noMessageOfAMutatedDocumentNamesALibraryPart(@ForAll("mutations") Mutation m) {
        assertOwnWords("fuzz.yaml", mutate(SAMPLES.get(m.sample()), m));
        assertOwnWords("fuzz.json", mutate(JSON_SAMPLES.get(m.sample()), m));
    }

    @Property(tries = 3_000)
    void noMessageOfRandomPunctuationNamesALibraryPart(@ForAll("punctuation") String text) {
        assertOwnWords("fuzz.yaml", text);
        assertOwnWords("fuzz.json", text);
    }

    @Provide
    Arbitrary<String> punctuation() {
        return Arbitraries.strings().withChars("{}[]:-,#&*!|>'\"%@`?\t\n .\\ab0\u0000\u00e9\ufeff").ofMaxLength(40);
    }

    @Example
    void noMessageOfAHostileInputNamesALibraryPart() {
        List<String> corpus = new ArrayList<>(List.of(
                "a:\n  b: 1\n\tc: 2\n", "name: x\n---\nname: y\n", "name: !secret x\n", "? [a, b]\n: c\n",
                "? {a: 1}\n: c\n", "a: &x [1]\nb: *x\n", "a: *y\n", "a: \"\\u00\"\n", "a: 1\n  b: 2\n",
                "- a\nb: c\n", "{a: 1, a: 2}", "a: @b\n", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "%FOO bar\n---\na: 1\n",
                "!!python/object:os.system {}\n", "a: !!int x\n", "a: !!binary xx\n", "a: !!binary aGk=\n",
                "a: 1\n...\nb: 2\n", "a: {b: 1\nc: 2\n", "a: \"abc\n", "a: 'abc\n", "a: |\n x\n  y\n",
                "a: >9\n  x\n", "a: !<tag:x> 1\n", "!foo!bar x\n", "a: [1, 2", "]", "}", ":", "-", "? ", "&a",
                "*a", "!", "|", ">", "'", "\"", "%", "@", "`", "\ufeffa: 1\n", "a: \u0000\n", "a: \ud800\n",
                "a: 0x" + "f".repeat(200) + "\n", "a: 1e" + "9".repeat(200) + "\n", "a: " + "9".repeat(200) + "\n",
                "[" .repeat(100), "{a: ".repeat(100), "- ".repeat(100) + "x\n", "x".repeat(20_000),
                "a: \"" + "x".repeat(20_000) + "\"\n", "# " + "x".repeat(20_000) + "\n",
                "{\"a\": NaN}", "{\"a\": 'x'}", "{\"a\": [1,2}", "{}{}", "{\"a\": 01}", "{\"a\": \"\\x\"}",
                "{\"a\": \"\t\"}", "{\"" + "k".repeat(2000) + "\": 1}", "{a: 1}", "[1,]", "{\"a\": tru}", "/* c */ {}",
                "", " ", "\n\n", "---\n", "---\n---\n", "...\n", "~\n", "null\n"));
        for (String text : corpus) {
            assertOwnWords("fuzz.yaml", text);
            assertOwnWords("fuzz.json", text);
        }
    }

    private static void assertOwnWords(String file, String text) {
        List<Problem> problems;
        try {
            problems = HarnessReader.parse(file, text).warnings();
        } catch (DocumentException e) {
            problems = e.problems();
        }
        for (Problem p : problems) {
            assertLocated(p, file);
            // has() is CEL's own macro, which the user writes in a condition: naming it is the user's language.
            String message = p.message().replace("has()", "has");
            assertThat(message).as("message for %s", text.length() > 80 ? text.substring(0, 80) + "…" : text)
                    .doesNotContain(LIBRARY_WORDS);
        }
    }

    private static void assertLocated(Problem p, String file) {
        assertThat(p.location().file()).isEqualTo(file);
        assertThat(p.location().line()).isPositive();
        assertThat(p.location().column()).isPositive();
        assertThat(p.message()).isNotBlank();
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
