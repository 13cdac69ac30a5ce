package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessReaderTest {

    private static final String VALID = """
            bridle: 1
            name: t
            agents:
              a: { system: hi, tools: [fs.read] }
            workflow:
              start: s
              nodes:
                s: { agent: a, next: e }
                e: { end: completed }
            guards:
              - { id: budget, steps: { max: 5 } }
            """;

    private static List<String> problems(String text) {
        DocumentException e = catchThrowableOfType(DocumentException.class, () -> HarnessReader.parse("h.yaml", text));
        assertThat(e).as("expected the document to be refused").isNotNull();
        return e.problems().stream().map(Problem::render).toList();
    }

    @Test
    void readsAValidDocumentIntoRecords() throws Exception {
        Harness h = HarnessReader.parse("h.yaml", VALID).harness();
        assertThat(h.name()).isEqualTo("t");
        assertThat(h.workflow().start()).isEqualTo("s");
        assertThat(h.workflow().nodes().get("s")).isEqualTo(new Node.AgentNode("s", "a", "e"));
        assertThat(h.workflow().nodes().get("e")).isEqualTo(new Node.EndNode("e", Outcome.COMPLETED));
        assertThat(h.guards()).containsExactly(new GuardSpec.Steps("budget", 5));
        assertThat(h.agents().get("a").tools()).containsExactly("fs.read");
    }

    @Test
    void jsonAndYamlGiveTheSameRecords() throws Exception {
        String json = """
                {"bridle": 1, "name": "t", "agents": {"a": {"system": "hi", "tools": ["fs.read"]}},
                 "workflow": {"start": "s", "nodes": {"s": {"agent": "a", "next": "e"}, "e": {"end": "completed"}}},
                 "guards": [{"id": "budget", "steps": {"max": 5}}]}
                """;
        assertThat(HarnessReader.parse("h.json", json).harness())
                .isEqualTo(HarnessReader.parse("h.yaml", VALID).harness());
    }

    @Test
    void anUnknownNextNodeIsLocatedAtItsKey() {
        assertThat(problems(VALID.replace("next: e", "next: nowhere")))
                .containsExactly("h.yaml:8:20: next names 'nowhere', which is not a node; nodes are [e, s]");
    }

    @Test
    void anUnknownAgentIsLocatedAndNamesTheDeclaredOnes() {
        assertThat(problems(VALID.replace("agent: a,", "agent: ghost,")))
                .containsExactly("h.yaml:8:10: node 's' names agent 'ghost', which is not declared under agents;"
                        + " agents are [a]");
    }

    @Test
    void aNegativeStepLimitSaysWhatIsExpected() {
        assertThat(problems(VALID.replace("max: 5", "max: -1")))
                .containsExactly("h.yaml:11:28: guards.0.steps.max must be at least 1, not -1");
    }

    @Test
    void aSyntaxErrorIsLocated() {
        assertThat(problems("bridle: 1\nname: [unclosed\n")).containsExactly("h.yaml:3:1: syntax error: expected ',' or"
                + " ']', but found the end of the file (in the [ ] list that starts at line 2)");
    }

    @Test
    void unknownKeysAreReportedNotIgnored() {
        assertThat(problems(VALID.replace("name: t", "name: t\nnmae: typo")))
                .containsExactly("h.yaml:3:1: unknown key 'nmae' in the document; expected one of [agents, bridle,"
                        + " context, coordination, description, gateway, guards, layout, name, onError, permissions, run,"
                        + " sandbox, tools, workflow]");
    }

    @Test
    void anUnreachableNodeIsAWarningNotAnError() throws Exception {
        var loaded = HarnessReader.parse("h.yaml",
                VALID.replace("    e: { end: completed }\n", "    e: { end: completed }\n    orphan: { end: failed }\n"));
        assertThat(loaded.warnings()).extracting(Problem::render)
                .containsExactly("h.yaml:10:5: warning: node 'orphan' cannot be reached from the start node 's'");
    }
}
