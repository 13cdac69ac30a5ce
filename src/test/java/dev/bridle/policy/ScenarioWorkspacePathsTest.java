package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of the paths a scenario's workspace names: each key stays in its folder, with a location. */
class ScenarioWorkspacePathsTest {

    private static final Path FILE = Path.of("p/h/s.scenario.yaml");

    private static String scenario(String workspace) {
        return """
                bridle: 1
                harness: ../h.harness.yaml
                task: t
                workspace:
                %s
                model:
                  turns:
                    - say: done
                """.formatted(workspace.indent(2).stripTrailing());
    }

    private static List<Problem> problems(String workspace) {
        DocumentException e = catchThrowableOfType(DocumentException.class,
                () -> ScenarioReader.parse(FILE, scenario(workspace)));
        assertThat(e).as("refused:%n%s", workspace).isNotNull();
        return e.problems();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "'../../x'                | has a '..' segment",
        "'src/../../x'            | has a '..' segment",
        "'/etc/passwd'            | is absolute",
        "'~/.bashrc'              | is relative to a home folder",
        "'C:/x'                   | names a drive",
        "'a//b'                   | has an empty segment",
        "'a/'                     | has an empty segment",
        "'./a'                    | has a '.' segment",
        "'a\\\\..\\\\x'           | contains a backslash",
        "'a\\u0000b'              | contains a NUL byte",
        "''                       | is empty"
    })
    void fileKeyOutsideTheWorkspaceIsAnErrorAtItsLine(String key, String reason) {
        List<Problem> problems = problems("files:\n  ok.txt: fine\n  \"" + key + "\": pwned");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.render()).startsWith(FILE + ":7:").contains("workspace.files key").contains(reason);
        });
    }

    @Test
    void outsideAndExpectedFileKeysAreCheckedToo() {
        assertThat(problems("outside:\n  \"../../x\": pwned")).singleElement()
                .satisfies(p -> assertThat(p.render()).startsWith(FILE + ":6:")
                        .contains("workspace.outside key '../../x' has a '..' segment")
                        .contains("inside the scenario's outside folder"));
        DocumentException e = catchThrowableOfType(DocumentException.class, () -> ScenarioReader.parse(FILE,
                scenario("files: { a: b }") + "expect:\n  files:\n    /etc/passwd: present\n"));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("expect.files key '/etc/passwd' is absolute"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/etc", "~/x", "../..", "../../..", "../../outside/../..", "a/../../../x", ""})
    void linkTargetOutOfBothFoldersIsAnError(String target) {
        assertThat(problems("links:\n  docs/l: \"" + target + "\"")).singleElement()
                .satisfies(p -> assertThat(p.render()).startsWith(FILE + ":6:").contains("workspace.links.docs/l")
                        .contains("the link target '" + target + "'"));
    }

    @Test
    void linkTargetThatClimbsOutOfAnotherLinkIsAnError() {
        assertThat(problems("links:\n  a: ../outside\n  b: a/../../outside")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("climbs out of the link 'a'"));
    }

    @Test
    void keyUnderALinkIsAnError() {
        assertThat(problems("files:\n  l/x: y\nlinks:\n  l: ../outside")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("lies under the link 'l'"));
    }

    @Test
    void linksIntoTheWorkspaceAndTheOutsideFolderAreFine() throws Exception {
        ScenarioReader.Loaded loaded = ScenarioReader.parse(FILE, scenario("""
                files: { docs/index.md: x, "odd name %2e%2e.txt": y }
                links: { docs/shared: ../../outside, docs/up: .., alias: docs/index.md, o: ../outside/deep/x }
                outside: { passwd: root }"""));
        assertThat(loaded.scenario().workspace().orElseThrow().links()).hasSize(4);
        assertThat(ScenarioChecks.linkTargetRefusal("a", "b/../c", Set.of())).isNull();
    }

    @Test
    void theContainedSampleIsValid() throws Exception {
        assertThat(ScenarioReader.read(Path.of("sample-policies/over-trusted-agent/contained.scenario.yaml"))
                .scenario().workspace()).isPresent();
    }
}
