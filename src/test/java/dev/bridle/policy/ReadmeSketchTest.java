package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's sketch of a harness with every section is a valid document, without a warning. */
class ReadmeSketchTest {

    @Test
    void theReadmesHarnessSketchReadsWithoutProblems() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String start = "```yaml\nbridle: 1\nname: bounded-coder";
        int from = readme.indexOf(start);
        assertThat(from).as("the README shows the bounded-coder sketch").isNotNegative();
        int to = readme.indexOf("```", from + start.length());
        String sketch = readme.substring(from + "```yaml\n".length(), to);

        HarnessReader.Loaded loaded = HarnessReader.parse("README.md#bounded-coder.harness.yaml", sketch);

        assertThat(loaded.warnings()).extracting(Problem::message).isEmpty();
    }
}
