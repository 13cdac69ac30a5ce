package dev.bridle.app.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.policy.Agent;
import dev.bridle.policy.Effect;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Node;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The inspector's logic without a window: forms, live CEL checks and the permission matrix. */
class InspectorFormsTest {

    private static EditorViewModel compounding() throws Exception {
        return DocumentEditingTest.open(Path.of("sample-policies/compounding-error.harness.yaml"));
    }

    @Test
    void aTypeErrorIsReportedWithItsColumnAndAValidConditionIsNot() {
        assertThat(CelCheck.problem("steps == 'many'")).hasValueSatisfying(m ->
                assertThat(m).startsWith("column ").contains("overload"));
        assertThat(CelCheck.problem("steps == 12")).isEmpty();
        assertThat(CelCheck.problem("")).isPresent();
    }

    @Test
    void theNodeFormChangesAConditionAndRenamesWithItsReferences() throws Exception {
        EditorViewModel editor = compounding();
        NodeForm form = new NodeForm(editor::harness, "verify");
        assertThat(form.values()).containsEntry("condition", "state.tests.failed == 0")
                .containsEntry("on error", "escalate").containsEntry("retries", "2");

        editor.document().execute(form.edit("condition", "steps < 10"));
        editor.document().execute(form.edit("retries", "3"));
        editor.document().execute(new NodeForm(editor::harness, "verify").edit("id", "tests-pass"));

        Node.CheckNode check = (Node.CheckNode) editor.harness().workflow().nodes().get("tests-pass");
        assertThat(check.condition()).isEqualTo("steps < 10");
        assertThat(check.onError()).hasValueSatisfying(e -> assertThat(e.retry()).isEqualTo(3));
        assertThat(EdgeRef.all(editor.harness())).contains(new EdgeRef("code", Port.NEXT, "tests-pass"));
    }

    @Test
    void aValueThatIsNotANumberIsRefusedWithAReason() throws Exception {
        EditorViewModel editor = compounding();
        GuardForm form = new GuardForm(editor::harness, 0);

        assertThatThrownBy(() -> form.edit("max", "many")).hasMessageContaining("whole number");
        editor.document().execute(form.edit("max", "12"));
        assertThat(editor.harness().guards().getFirst()).isEqualTo(new GuardSpec.Steps("budget", 12));
    }

    @Test
    void theMatrixShowsRulesThatNameNoAgentAndDeniesToolsTheAgentIsNotOffered() throws Exception {
        EditorViewModel editor = compounding();
        editor.document().execute(HarnessEdits.addAgent("helper"));
        Agent helper = editor.harness().agents().get("helper");
        editor.document().execute(HarnessEdits.changeAgent(new Agent("helper", "", "", java.util.List.of("fs.read"),
                Optional.of("coder"), helper.limits()), "parent"));

        PermissionMatrix matrix = new PermissionMatrix(editor.harness());

        assertThat(matrix.tools()).containsSubsequence("fs.read", "fs.write", "tests.run");
        assertThat(matrix.declared("tests.run")).isTrue();
        PermissionMatrix.Cell read = matrix.cell("helper", "fs.read");
        // the rule 'read' names no agent: it applies to the subagent too
        assertThat(read.offered()).isTrue();
        assertThat(read.effective()).isEqualTo(Effect.ALLOW);
        assertThat(read.rule()).isEqualTo("read");
        assertThat(read.grants()).extracting(PermissionMatrix.Grant::rule).containsExactly("read");
        assertThat(read.summary()).isEqualTo("→ allow");
        PermissionMatrix.Cell write = matrix.cell("helper", "fs.write");
        assertThat(write.offered()).isFalse();
        assertThat(write.effective()).isEqualTo(Effect.DENY);
        assertThat(write.rule()).isEqualTo("agent.tools");
        assertThat(write.summary()).isEqualTo("not offered → deny");
    }

    @Test
    void clearingACellRemovesItsRuleAndScopesAreKeptOnTheRule() throws Exception {
        EditorViewModel editor = compounding();
        editor.document().execute(PermissionEdits.setCell("coder", "fs.write", Optional.of(Effect.ASK)));
        editor.document().execute(PermissionEdits.setCellScope("coder", "fs.write", java.util.List.of("src/**"),
                java.util.List.of()));
        int rules = editor.harness().permissions().rules().size();

        assertThat(new PermissionMatrix(editor.harness()).cell("coder", "fs.write").paths()).containsExactly("src/**");
        editor.document().execute(PermissionEdits.setCell("coder", "fs.write", Optional.empty()));
        assertThat(editor.harness().permissions().rules()).hasSize(rules - 1);
    }
}
