package dev.bridle.app.editor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.Effect;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Node;
import dev.bridle.policy.Position;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editor's document and view model, without a window: every edit, undo and redo, save and reopen. */
class DocumentEditingTest {

    static final Path COMPOUNDING = Path.of("sample-policies/compounding-error.harness.yaml");

    @TempDir
    Path temp;

    static EditorViewModel open(Path file) throws Exception {
        return new EditorViewModel(HarnessDocument.open(file, Runnable::run, Runnable::run), new NodeClipboard());
    }

    static EditorViewModel blank() {
        return new EditorViewModel(HarnessDocument.create("built", Runnable::run, Runnable::run), new NodeClipboard());
    }

    @Test
    void harnessBuiltFromScratchSavesAndReadsBackEqual() throws Exception {
        EditorViewModel editor = blank();
        // the first node of an empty workflow comes with an end to lead to; later ones lead to that end
        String agent = editor.addNode("agent", new Position(40, 60));
        String save = editor.addNode("checkpoint", new Position(320, 200));
        editor.connect(agent, Port.NEXT, save);
        editor.document().execute(GuardEdits.add(GuardEdits.create("steps", "budget")));
        editor.document().execute(PermissionEdits.setCell("assistant", "fs.read", Optional.of(Effect.ALLOW)));
        Harness built = editor.harness();

        Path file = temp.resolve("built.harness.yaml");
        editor.document().saveAs(file);

        assertThat(editor.document().isDirty()).isFalse();
        assertThat(HarnessReader.read(file).harness()).isEqualTo(built);
        assertThat(built.workflow().start()).isEqualTo("agent");
        assertThat(built.workflow().nodes()).containsOnlyKeys("agent", "done", "checkpoint");
        assertThat(EdgeRef.all(built)).containsExactlyInAnyOrder(new EdgeRef("agent", Port.NEXT, "checkpoint"),
                new EdgeRef("checkpoint", Port.NEXT, "done"));
        assertThat(built.permissions().rules()).singleElement()
                .satisfies(r -> assertThat(r.agents()).containsExactly("assistant"));
        assertThat(editor.document().problems()).extracting(dev.bridle.policy.Problem::render).isEmpty();
    }

    @Test
    void tenEditsUndoOneByOneToTheStartAndRedoToTheEnd() throws Exception {
        EditorViewModel editor = open(COMPOUNDING);
        Harness start = editor.harness();
        List<Harness> after = new ArrayList<>();
        editor.addNode("agent", new Position(800, 300));
        after.add(editor.harness());
        editor.connect("agent", Port.NEXT, "code");
        after.add(editor.harness());
        editor.moveNodes(Map.of("agent", new Position(820, 320)));
        after.add(editor.harness());
        editor.document().execute(NodeEdits.rename("agent", "reviewer"));
        after.add(editor.harness());
        editor.document().execute(GuardEdits.add(GuardEdits.create("loop", "loop")));
        after.add(editor.harness());
        editor.document().execute(GuardEdits.replace(0, new GuardSpec.Steps("budget", 12)));
        after.add(editor.harness());
        editor.document().execute(PermissionEdits.setCell("coder", "shell", Optional.of(Effect.ASK)));
        after.add(editor.harness());
        editor.document().execute(HarnessEdits.rename("renamed"));
        after.add(editor.harness());
        editor.selection().selectNode("verify");
        editor.deleteSelection();
        after.add(editor.harness());
        editor.document().execute(NodeEdits.setStart("code"));
        after.add(editor.harness());
        assertThat(editor.document().history().undoSize()).isEqualTo(10);

        for (int i = 9; i >= 0; i--) {
            assertThat(editor.harness()).isEqualTo(after.get(i));
            editor.undo();
        }
        assertThat(editor.harness()).isEqualTo(start);
        assertThat(editor.document().isDirty()).isFalse();
        for (int i = 0; i < 10; i++) {
            editor.redo();
            assertThat(editor.harness()).isEqualTo(after.get(i));
        }
        assertThat(editor.document().history().canRedoProperty().get()).isFalse();
    }

    @Test
    void deletingANodeRemovesItsEdgesAndPositionAndOneUndoRestoresThem() throws Exception {
        EditorViewModel editor = open(COMPOUNDING);
        Harness before = editor.harness();

        editor.selection().selectNode("verify");
        editor.deleteSelection();

        Harness after = editor.harness();
        assertThat(after.workflow().nodes()).doesNotContainKey("verify");
        assertThat(after.layout()).doesNotContainKey("verify");
        assertThat(EdgeRef.all(after)).noneMatch(e -> e.to().equals("verify") || e.from().equals("verify"));
        // the edge into the deleted check is led past it, to where the check led first: the document stays valid
        assertThat(((Node.AgentNode) after.workflow().nodes().get("code")).next()).containsExactly(
                dev.bridle.policy.Edge.to("done"));
        assertThat(editor.document().problems()).noneMatch(p -> p.severity() == dev.bridle.policy.Problem.Severity.ERROR);
        assertThat(editor.document().history().undoSize()).isEqualTo(1);

        editor.undo();
        assertThat(editor.harness()).isEqualTo(before);
        assertThat(EdgeRef.all(editor.harness())).contains(new EdgeRef("code", Port.NEXT, "verify"),
                new EdgeRef("verify", Port.THEN, "done"), new EdgeRef("verify", Port.ELSE, "done-with-review"));
    }

    @Test
    void aWholeDragIsOneStepAndSnapsToTheGrid() throws Exception {
        EditorViewModel editor = open(COMPOUNDING);

        editor.moveNodes(Map.of("save", new Position(47, 133), "code", new Position(228, 129)));

        assertThat(editor.harness().layout()).containsEntry("save", new Position(40, 140))
                .containsEntry("code", new Position(220, 120));
        assertThat(editor.document().history().undoSize()).isEqualTo(1);
        assertThat(editor.document().history().undoNameProperty().get()).isEqualTo("Move 2 nodes");
    }

    @Test
    void renamingANodeCarriesItsEdgesStartAndPosition() throws Exception {
        EditorViewModel editor = open(COMPOUNDING);

        editor.document().execute(NodeEdits.rename("save", "snapshot"));

        Harness h = editor.harness();
        assertThat(h.workflow().start()).isEqualTo("snapshot");
        assertThat(h.layout()).containsKey("snapshot").doesNotContainKey("save");
        assertThat(List.copyOf(h.workflow().nodes().keySet())).startsWith("snapshot", "code");
    }

    @Test
    void anEditThatWouldDuplicateAnIdIsRefusedWithAReason() throws Exception {
        EditorViewModel editor = open(COMPOUNDING);

        boolean changed = editor.document().execute(NodeEdits.rename("save", "code"));

        assertThat(changed).isFalse();
        assertThat(editor.document().lastRefusalProperty().get()).contains("already a node 'code'");
        assertThat(editor.document().history().undoSize()).isZero();
    }

    @Test
    void copiedNodesPasteUnderFreshIdsWithTheEdgesBetweenThem() throws Exception {
        EditorViewModel editor = open(COMPOUNDING);
        editor.selection().selectNodes(List.of("code", "verify"));

        editor.copy();
        editor.paste();

        Harness h = editor.harness();
        assertThat(h.workflow().nodes()).containsKeys("code-2", "verify-2");
        // edges between the copies lead between the copies; edges to nodes that were not copied are kept
        assertThat(EdgeRef.all(h)).contains(new EdgeRef("code-2", Port.NEXT, "verify-2"),
                new EdgeRef("verify-2", Port.THEN, "done"), new EdgeRef("verify-2", Port.ELSE, "done-with-review"));
        assertThat(editor.selection().nodes()).containsExactly("code-2", "verify-2");
        assertThat(h.layout().get("code-2").x()).isGreaterThan(h.layout().get("code").x());
    }

    @Test
    void editingTheSourceChangesTheGraphAndBrokenSourceListsItsProblems() throws Exception {
        EditorViewModel editor = open(COMPOUNDING);
        String text = editor.document().sourceProperty().get();

        assertThat(editor.document().editSource(text.replace("max: 30", "max: 31"))).isTrue();
        assertThat(editor.harness().guards().getFirst()).isEqualTo(new GuardSpec.Steps("budget", 31));

        assertThat(editor.document().editSource(text.replace("next: verify", "next: nowhere"))).isFalse();
        assertThat(editor.harness().guards().getFirst()).isEqualTo(new GuardSpec.Steps("budget", 31));
        assertThat(editor.document().problems()).anySatisfy(p -> assertThat(p.message()).contains("nowhere"));

        editor.undo();
        assertThat(editor.harness().guards().getFirst()).isEqualTo(new GuardSpec.Steps("budget", 30));
    }

    @Test
    void graphEditsRewriteTheSourceCanonically() throws Exception {
        EditorViewModel editor = open(COMPOUNDING);

        editor.document().execute(GuardEdits.add(GuardEdits.create("noProgress", "stuck")));

        String source = editor.document().sourceProperty().get();
        assertThat(source).contains("id: stuck").contains("noProgress:");
        assertThat(HarnessReader.parse("x", source).harness()).isEqualTo(editor.harness());
    }

    @Test
    void undoingBackToTheSavedStateMakesTheDocumentCleanAgain() throws Exception {
        Path file = Files.copy(COMPOUNDING, temp.resolve("c.harness.yaml"));
        EditorViewModel editor = open(file);

        editor.addNode("end", new Position(0, 0));
        assertThat(editor.document().isDirty()).isTrue();
        editor.undo();
        assertThat(editor.document().isDirty()).isFalse();
    }

    @Test
    void everyKindOfNodeAndGuardReadsBackFromItsCanonicalYaml() throws Exception {
        EditorViewModel editor = blank();
        for (String kind : Node.KINDS) {
            editor.addNode(kind, editor.freeSpot());
        }
        for (String kind : GuardEdits.KINDS) {
            editor.document().execute(GuardEdits.add(GuardEdits.create(kind, kind)));
        }
        Harness h = editor.harness();
        Path file = temp.resolve("all.harness.yaml");
        Files.writeString(file, dev.bridle.policy.HarnessWriter.yaml(h));
        // unconnected ports are problems, but the guards and nodes themselves must survive the trip
        HarnessDocument reread = HarnessDocument.open(file, Runnable::run, Runnable::run);
        assertThat(reread.problems()).isNotEmpty();
        editor.connect("check", Port.THEN, "end");
        editor.connect("check", Port.ELSE, "end");
        editor.connect("approval", Port.THEN, "end");
        editor.connect("approval", Port.ELSE, "end");
        editor.connect("parallel", Port.BRANCH, "agent");
        editor.connect("parallel", Port.BRANCH, "checkpoint");
        editor.connect("parallel", Port.JOIN, "join");
        editor.connect("agent", Port.NEXT, "join");
        editor.connect("join", Port.NEXT, "checkpoint");
        editor.connect("checkpoint", Port.NEXT, "check");
        editor.document().execute(NodeEdits.setStart("approval"));
        editor.document().execute(NodeEdits.rename("approval", "ask"));
        editor.document().execute(NodeEdits.setStart("parallel"));
        editor.connect("ask", Port.THEN, "end");
        editor.connect("check", Port.ELSE, "ask");
        Files.writeString(file, dev.bridle.policy.HarnessWriter.yaml(editor.harness()));
        assertThat(HarnessReader.read(file).harness()).isEqualTo(editor.harness());
    }

    @Test
    void aDocumentWithoutLayoutIsLaidOutInLayersFromTheStart() throws Exception {
        String text = Files.readString(COMPOUNDING);
        Path file = Files.writeString(temp.resolve("n.harness.yaml"), text.substring(0, text.indexOf("layout:")));
        EditorViewModel editor = open(file);

        Map<String, Position> p = editor.positionsProperty().get();

        assertThat(p.get("save").x()).isLessThan(p.get("code").x());
        assertThat(p.get("code").x()).isLessThan(p.get("verify").x());
        assertThat(p.get("done").x()).isEqualTo(p.get("done-with-review").x()).isGreaterThan(p.get("verify").x());
        assertThat(p.get("done").y()).isNotEqualTo(p.get("done-with-review").y());

        editor.moveNodes(Map.of("save", new Position(40, 400)));
        assertThat(editor.harness().layout()).containsOnlyKeys("save", "code", "verify", "done", "done-with-review");
    }

    @Test
    void aProblemPointsAtTheNodeItIsAbout() {
        var loc = new dev.bridle.policy.Location("f", 12, 5);
        assertThat(ProblemTarget.of(dev.bridle.policy.Problem.error(loc, "/workflow/nodes/verify/then", "x")))
                .isEqualTo(new ProblemTarget(ProblemTarget.Section.NODE, "verify", 12, 5));
        assertThat(ProblemTarget.of(dev.bridle.policy.Problem.error(loc, "/guards/2/steps", "x")).section())
                .isEqualTo(ProblemTarget.Section.GUARD);
        assertThat(ProblemTarget.of(dev.bridle.policy.Problem.error(loc, "/permissions/rules/0", "x")).key())
                .isEqualTo("0");
        assertThat(ProblemTarget.of(dev.bridle.policy.Problem.error(loc, "", "x")).section())
                .isEqualTo(ProblemTarget.Section.SOURCE);
    }
}
