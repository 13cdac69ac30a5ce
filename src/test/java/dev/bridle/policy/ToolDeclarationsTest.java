package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code tools:} section and the {@code sandbox:} field: read, validated with locations, written back. */
class ToolDeclarationsTest {

    private static final String BASE = """
            bridle: 1
            name: t
            agents:
              a: { system: works, tools: [fs.read, read_file, edit_file, run_terminal_cmd, web_fetch, search_docs] }
            TOOLS
            workflow:
              start: w
              nodes:
                w: { agent: a, next: e }
                e: { end: completed }
            guards:
              - { id: budget, steps: { max: 5 } }
            permissions:
              rules:
                - { id: read, allow: read_file, paths: ["docs/**"] }
            """;

    private static final String DECLARED = """
            tools:
              read_file: { reads: file_path }
              edit_file: { writes: target_file }
              run_terminal_cmd: { runs: command }
              web_fetch: { fetches: url }
              search_docs: {}
            """;

    private static String doc(String tools) {
        return BASE.replace("TOOLS\n", tools);
    }

    private static List<String> problems(String text) {
        try {
            return HarnessReader.parse("h.yaml", text).warnings().stream().map(Problem::render).toList();
        } catch (DocumentException e) {
            return e.problems().stream().map(Problem::render).toList();
        }
    }

    @Test
    void eachDeclaredToolSaysWhatItTouchesAndThroughWhichArgument() throws Exception {
        ToolDeclarations tools = HarnessReader.parse("h.yaml", doc(DECLARED)).harness().tools();
        assertThat(tools.find("read_file")).contains(ToolDeclaration.of(ToolDeclaration.Touch.READS, "file_path"));
        assertThat(tools.find("edit_file")).contains(ToolDeclaration.of(ToolDeclaration.Touch.WRITES, "target_file"));
        assertThat(tools.find("run_terminal_cmd")).contains(ToolDeclaration.of(ToolDeclaration.Touch.RUNS, "command"));
        assertThat(tools.find("web_fetch")).contains(ToolDeclaration.of(ToolDeclaration.Touch.FETCHES, "url"));
        assertThat(tools.find("search_docs")).contains(ToolDeclaration.NOTHING);
        assertThat(tools.declared().keySet())
                .containsExactly("read_file", "edit_file", "run_terminal_cmd", "web_fetch", "search_docs");
        assertThat(tools.runsCommands("run_terminal_cmd")).isTrue();
        assertThat(tools.runsCommands("read_file")).isFalse();
    }

    @Test
    void theBuiltInToolsAreDeclaredInOnePlace() {
        ToolDeclarations none = ToolDeclarations.NONE;
        assertThat(ToolDeclarations.BUILT_IN.keySet())
                .containsExactly("fs.read", "fs.list", "fs.write", "fs.delete", "http.get", "shell");
        assertThat(none.find("fs.read")).contains(ToolDeclaration.of(ToolDeclaration.Touch.READS, "path"));
        assertThat(none.find("fs.delete")).contains(ToolDeclaration.of(ToolDeclaration.Touch.WRITES, "path"));
        assertThat(none.find("fs.list").orElseThrow().whenAbsent()).contains(".");
        assertThat(none.find("http.get")).contains(ToolDeclaration.of(ToolDeclaration.Touch.FETCHES, "url"));
        assertThat(none.find("shell")).contains(ToolDeclaration.of(ToolDeclaration.Touch.RUNS, "command"));
        assertThat(none.find("read_file")).as("an undeclared tool has no declaration; nothing is guessed").isEmpty();
    }

    @Test
    void theToolsSectionAndTheSandboxOptOutRoundTripCanonically() throws Exception {
        Harness original = HarnessReader.parse("h.yaml", doc(DECLARED + "sandbox: none\n")).harness();
        String yaml = HarnessWriter.yaml(original);
        assertThat(yaml).contains("""
                tools:
                  read_file:
                    reads: file_path
                  edit_file:
                    writes: target_file
                  run_terminal_cmd:
                    runs: command
                  web_fetch:
                    fetches: url
                  search_docs: {}
                """).contains("sandbox: none\n");
        assertThat(HarnessReader.parse("saved.yaml", yaml).harness()).isEqualTo(original);
        assertThat(HarnessReader.parse("saved.json", HarnessWriter.json(original)).harness()).isEqualTo(original);
        assertThat(HarnessWriter.yaml(HarnessReader.parse("saved.yaml", yaml).harness())).isEqualTo(yaml);
    }

    @Test
    void theSandboxIsRequiredUnlessTheDocumentOptsOut() throws Exception {
        Harness plain = HarnessReader.parse("h.yaml", doc(DECLARED)).harness();
        assertThat(plain.sandbox()).isEqualTo(SandboxMode.REQUIRED);
        assertThat(HarnessWriter.yaml(plain)).doesNotContain("sandbox");
        assertThat(HarnessReader.parse("h.yaml", doc(DECLARED + "sandbox: required\n")).harness().sandbox())
                .isEqualTo(SandboxMode.REQUIRED);
        assertThat(HarnessReader.parse("h.yaml", doc(DECLARED + "sandbox: none\n")).harness().sandbox())
                .isEqualTo(SandboxMode.NONE);
    }

    @Test
    void anUnknownSandboxWordIsALocatedError() {
        assertThat(problems(doc(DECLARED + "sandbox: disabled\n")))
                .containsExactly("h.yaml:11:1: sandbox must be one of [\"required\",\"none\"], not 'disabled'");
    }

    @Test
    void sandboxNoneIsAWarningThatNamesIt() {
        assertThat(problems(doc(DECLARED + "sandbox: none\n"))).singleElement().asString()
                .startsWith("h.yaml:11:1: warning: sandbox: none runs shell calls without the OS sandbox");
    }

    @Test
    void redeclaringABuiltInToolIsAnErrorNamingWhatItTouches() {
        assertThat(problems(doc("tools:\n  fs.read: { reads: file_path }\n")))
                .containsExactly("h.yaml:6:3: tool 'fs.read' is built in and cannot be declared again; it reads its"
                        + " argument 'path'. Give your own tool another name");
    }

    @Test
    void aDeclarationsShapeIsCheckedWithLocations() {
        assertThat(problems(doc("tools:\n  read_file: { reads: file_path, mode: fast }\n")))
                .contains("h.yaml:6:34: unknown key 'mode' in tools.read_file; expected one of [fetches, reads, runs,"
                        + " writes]");
        assertThat(problems(doc("tools:\n  read_file: { reads: 3 }\n")))
                .containsExactly("h.yaml:6:16: tools.read_file.reads: integer found, string expected");
        assertThat(problems(doc("tools:\n  read_file: { reads: [a, b] }\n")))
                .containsExactly("h.yaml:6:16: tools.read_file.reads: array found, string expected");
        assertThat(problems(doc("tools:\n  copy: { reads: a, writes: b }\n")))
                .containsExactly("h.yaml:6:3: tools.copy has 2 keys; at most 1 is allowed: a tool is declared with"
                        + " one of fetches, reads, runs or writes");
        assertThat(problems(doc("tools:\n  \"\": { reads: a }\n")))
                .containsExactly("h.yaml:5:1: '' is not a valid name in tools (a name cannot be empty)");
        assertThat(problems(doc("tools:\n  \"fs.*\": { reads: a }\n"))).singleElement().asString()
                .startsWith("h.yaml:6:3: 'fs.*' is not a valid name in tools");
    }

    @Test
    void undeclaredToolsAreWarnedAboutWhereverTheyAreNamed() {
        List<String> warnings = problems(doc("tools:\n  search_docs: {}\n"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("h.yaml:4:40: warning: agent 'a' is offered"
                + " tool 'read_file', which is neither built in nor declared under tools"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("warning: permission rule 'read' names tool"
                + " 'read_file', which is neither built in nor declared under tools"));
        assertThat(problems(doc(DECLARED))).isEmpty();
    }

    @Test
    void anAgentsToolListNamesToolsNotGlobs() {
        String text = doc(DECLARED).replace("tools: [fs.read,", "tools: [\"fs.*\", fs.read,");
        assertThat(problems(text)).singleElement().asString()
                .startsWith("h.yaml:4:31: agent 'a' lists 'fs.*': an agent's tools are the names it is offered");
    }

    @Test
    void aDeclarationNamesItsArgumentExceptWhenItTouchesNothing() {
        assertThatThrownBy(() -> new ToolDeclaration(ToolDeclaration.Touch.READS, "", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ToolDeclaration(ToolDeclaration.Touch.NOTHING, "x", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
