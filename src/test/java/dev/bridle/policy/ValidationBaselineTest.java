package dev.bridle.policy;

import dev.bridle.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each broken harness under {@code src/test/resources/validation/} has its exact rendered problems, caret included,
 * kept as a baseline in {@code golden/validation/}.
 */
class ValidationBaselineTest {

    private static final Path CASES = Path.of("src/test/resources/validation");

    @TestFactory
    Stream<DynamicTest> everyCaseRendersExactlyAsItsBaseline() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CASES)) {
            cases = files.filter(p -> p.toString().endsWith(".harness.yaml")).sorted().toList();
        }
        return cases.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String name = file.getFileName().toString().replace(".harness.yaml", "");
            String text = Files.readString(file);
            String display = "validation/" + file.getFileName();
            List<Problem> problems;
            try {
                problems = HarnessReader.parse(display, text).warnings();
            } catch (DocumentException e) {
                problems = e.problems();
            }
            StringBuilder out = new StringBuilder();
            for (Problem p : problems) {
                out.append(p.renderWithExcerpt(text));
            }
            if (problems.isEmpty()) {
                out.append("(valid)\n");
            }
            Golden.assertMatches("validation/" + name + ".baseline", out.toString());
        }));
    }
}
