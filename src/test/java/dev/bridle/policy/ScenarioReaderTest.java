package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Scenarios read from text, as the workbench's warm-up reads one, read as the same file on disk does. */
class ScenarioReaderTest {

    private static final Path SAMPLE = Path.of("sample-policies/runaway-agent/answers-in-bounds.scenario.yaml");

    @Test
    void text_reads_as_the_file_it_came_from() throws Exception {
        ScenarioReader.Loaded fromFile = ScenarioReader.read(SAMPLE);

        ScenarioReader.Loaded fromText = ScenarioReader.parse(SAMPLE, Files.readString(SAMPLE));

        assertThat(fromText.scenario()).isEqualTo(fromFile.scenario());
        assertThat(fromText.harnessFile()).isEqualTo(fromFile.harnessFile());
    }

    @Test
    void problems_in_text_name_the_path_given_and_the_line() {
        DocumentException e = catchThrowableOfType(DocumentException.class,
                () -> ScenarioReader.parse(Path.of("drafts/odd.scenario.yaml"), """
                        bridle: 1
                        harness: ../odd.harness.yaml
                        task: t
                        modle: { turns: [] }
                        """));

        assertThat(e.problems()).isNotEmpty();
        assertThat(e.problems().getFirst().render()).startsWith("drafts/odd.scenario.yaml:");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.render()).contains("modle"));
    }
}
