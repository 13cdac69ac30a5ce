package dev.bridle.app.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.policy.Agent;
import dev.bridle.policy.Effect;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
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
    void theMatrixShowsWhatTheCheckDecidesAndHoldsASubagentToItsParent() throws Exception {
        EditorViewModel editor = compounding();
        editor.document().execute(HarnessEdits.addAgent("helper"));
        // a subagent never holds a tool its parent lacks (a document error), so the parent gets the shell first
        Agent coder = editor.harness().agents().get("coder");
        java.util.List<String> coderTools = new java.util.ArrayList<>(coder.tools());
        coderTools.add("shell");
        editor.document().execute(HarnessEdits.changeAgent(new Agent("coder", coder.role(), coder.system(),
                coderTools, coder.parent(), coder.limits()), "tools"));
        Agent helper = editor.harness().agents().get("helper");
        editor.document().execute(HarnessEdits.changeAgent(new Agent("helper", "", "", java.util.List.of("shell"),
                Optional.of("coder"), helper.limits()), "parent"));
        // a subagent allowed more than its parent is a document error, which the editor refuses to make; the matrix
        // is shown such a harness all the same, as a document opened from a file could hold it
        editor.document().execute(PermissionEdits.setCell("coder", "shell", Optional.of(Effect.ASK)));
        assertThat(editor.document().execute(PermissionEdits.setCell("helper", "shell", Optional.of(Effect.ALLOW))))
                .isFalse();
        assertThat(editor.document().lastRefusalProperty().get()).contains("a subagent never holds more");
        Harness over = PermissionEdits.setCell("helper", "shell", Optional.of(Effect.ALLOW)).apply(editor.harness());

        PermissionMatrix matrix = new PermissionMatrix(over);

        assertThat(matrix.tools()).containsSubsequence("fs.read", "fs.write", "tests.run", "shell");
        assertThat(matrix.cell("coder", "fs.read").effective()).isEqualTo(Effect.ALLOW);
        assertThat(matrix.cell("coder", "fs.read").rule()).isEqualTo("read");
        PermissionMatrix.Cell shell = matrix.cell("helper", "shell");
        assertThat(shell.own()).contains(Effect.ALLOW);
        assertThat(shell.effective()).isEqualTo(Effect.ASK);
        assertThat(shell.limitedByParent()).isTrue();
        assertThat(matrix.cell("helper", "fs.read").effective()).isEqualTo(Effect.ALLOW);
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
