package dev.bridle.app.editor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.DocumentException;
import dev.bridle.policy.GuardSpec.Stage;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Node;
import dev.bridle.policy.Position;
import dev.bridle.policy.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of editor gestures, through the same view model and edit API the canvas, the palette and the
 * inspector use, on every sample harness: the document they leave validates with no errors (the checks of
 * {@code bridle validate}), and undoing the whole sequence gives back the file's text byte for byte.
 */
class EditorGesturePropertyTest {

    /** One gesture; indices pick among what the document holds at the time, modulo its size. */
    sealed interface Gesture {
        void run(EditorViewModel e);
    }

    record AddNode(String kind, int selectIndex, boolean fromPalette) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            List<String> ids = nodeIds(e);
            if (selectIndex >= 0 && !ids.isEmpty()) {
                e.selection().selectNode(ids.get(selectIndex % ids.size()));
            } else {
                e.selection().clear();
            }
            Position at = fromPalette ? e.spotNear(new Position(400, 300)) : e.freeSpot();
            e.addNode(kind, at);
        }
    }

    record Connect(int from, int port, int to) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            List<String> ids = nodeIds(e);
            Node n = e.harness().workflow().nodes().get(ids.get(from % ids.size()));
            List<Port> ports = Port.of(n);
            if (!ports.isEmpty()) {
                e.connect(n.id(), ports.get(port % ports.size()), ids.get(to % ids.size()));
            }
        }
    }

    record DeleteEdge(int edge) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            List<EdgeRef> edges = EdgeRef.all(e.harness());
            if (!edges.isEmpty()) {
                e.selection().selectEdge(edges.get(edge % edges.size()));
                e.deleteSelection();
            }
        }
    }

    record DeleteNodes(int first, int count) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            e.selection().selectNodes(pick(nodeIds(e), first, count));
            e.deleteSelection();
        }
    }

    record CopyPaste(int first, int count, boolean cut) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            e.selection().selectNodes(pick(nodeIds(e), first, count));
            if (cut) {
                e.cut();
            } else {
                e.copy();
            }
            e.paste();
        }
    }

    record Move(int node, int dx, int dy) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            List<String> ids = nodeIds(e);
            String id = ids.get(node % ids.size());
            Position p = e.positionsProperty().get().get(id);
            e.moveNodes(java.util.Map.of(id, new Position(p.x() + dx, p.y() + dy)));
        }
    }

    /** A value typed into one field of one inspector form: a node's, an edge's, the harness's, a guard's, an agent's. */
    record FieldValue(int form, int target, int field, int value) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            Harness h = e.harness();
            Form f = switch (form % 5) {
                case 0 -> new NodeForm(e::harness, nodeIds(e).get(target % nodeIds(e).size()));
                case 1 -> EdgeRef.all(h).isEmpty() ? null
                        : SmallForms.edge(e::harness, EdgeRef.all(h).get(target % EdgeRef.all(h).size()));
                case 2 -> SmallForms.harness(e::harness);
                case 3 -> h.guards().isEmpty() ? null : new GuardForm(e::harness, target % h.guards().size());
                default -> h.agents().isEmpty() ? null : SmallForms.agent(e::harness,
                        List.copyOf(h.agents().keySet()).get(target % h.agents().size()));
            };
            if (f == null) {
                return;
            }
            List<Field> editable = f.fields().stream().filter(x -> x.kind() != Field.Kind.READ_ONLY).toList();
            if (editable.isEmpty()) {
                return;
            }
            Field chosen = editable.get(field % editable.size());
            List<String> values = new ArrayList<>(chosen.choices());
            // a choice offers its words only; text fields take anything, sensible or not
            if (chosen.kind() != Field.Kind.CHOICE) {
                values.addAll(List.of("", "true", "state.done == true", "12", "0", "x y", "30s", "warn, stop",
                    "fs.read, fs.write", "renamed"));
                values.addAll(nodeIds(e));
                values.add(String.join(", ", pick(nodeIds(e), value, 2)));
            }
            if (values.isEmpty()) {
                return;
            }
            String text = values.get(value % values.size());
            try {
                e.document().execute(f.edit(chosen.key(), text));
            } catch (IllegalArgumentException refused) {
                // the form refused the value before it became an edit: the field shows why, nothing changes
            }
        }
    }

    record AddGuard(String kind, int node) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            List<String> ids = nodeIds(e);
            e.addGuard(kind, node < 0 ? null : ids.get(node % ids.size()));
        }
    }

    record GuardLadder(int guard, List<Stage> stages) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            int n = e.harness().guards().size();
            if (n > 0) {
                e.setGuardStages(guard % n, stages);
            }
        }
    }

    record RemoveGuard(int guard) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            int n = e.harness().guards().size();
            if (n > 0) {
                e.removeGuard(guard % n);
            }
        }
    }

    record UndoRedo(boolean undo) implements Gesture {
        @Override
        public void run(EditorViewModel e) {
            if (undo) {
                e.undo();
            } else {
                e.redo();
            }
        }
    }

    static List<String> nodeIds(EditorViewModel e) {
        return List.copyOf(e.harness().workflow().nodes().keySet());
    }

    static List<String> pick(List<String> ids, int first, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, ids.size()); i++) {
            out.add(ids.get((first + i) % ids.size()));
        }
        return out;
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void everyGestureSequenceLeavesAValidDocumentAndUndoGivesBackTheFile(@ForAll("samples") Path sample,
            @ForAll("sequences") List<Gesture> gestures) throws IOException {
        String original = Files.readString(sample, StandardCharsets.UTF_8);
        EditorViewModel editor = new EditorViewModel(HarnessDocument.open(sample, Runnable::run, Runnable::run),
                new NodeClipboard());

        for (Gesture g : gestures) {
            Harness before = editor.harness();
            g.run(editor);
            // what share of gestures changed the document, and what share was refused: shown in the report
            Statistics.label("gesture").collect(g.getClass().getSimpleName(),
                    before.equals(editor.harness()) ? "no change" : "changed");
            assertThat(errors(editor.document().sourceProperty().get())).as("after %s", g).isEmpty();
        }
        assertThat(editor.document().problems()).noneMatch(p -> p.severity() == Problem.Severity.ERROR);

        while (editor.document().history().canUndoProperty().get()) {
            editor.undo();
        }
        assertThat(editor.document().sourceProperty().get()).isEqualTo(original);
        assertThat(editor.document().isDirty()).isFalse();
    }

    private static List<String> errors(String text) {
        try {
            HarnessReader.parse("edited.harness.yaml", text);
            return List.of();
        } catch (DocumentException e) {
            return e.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).map(Problem::render)
                    .toList();
        }
    }

    @Provide
    Arbitrary<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("sample-policies"))) {
            return Arbitraries.of(files.filter(f -> f.toString().endsWith(".harness.yaml")).sorted().toList());
        }
    }

    @Provide
    Arbitrary<List<Gesture>> sequences() {
        return gestures().list().ofMaxSize(20);
    }

    Arbitrary<Gesture> gestures() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 40);
        Arbitrary<String> kinds = Arbitraries.of(Node.KINDS);
        Arbitrary<String> guardKinds = Arbitraries.of(GuardEdits.KINDS);
        Arbitrary<List<Stage>> ladders = Arbitraries.of(Stage.values()).list().ofMinSize(0).ofMaxSize(4);
        return Arbitraries.oneOf(List.of(
                Combinators.combine(kinds, Arbitraries.integers().between(-1, 40), Arbitraries.of(true, false))
                        .as(AddNode::new),
                Combinators.combine(index, index, index).as(Connect::new),
                index.map(DeleteEdge::new),
                Combinators.combine(index, Arbitraries.integers().between(1, 3)).as(DeleteNodes::new),
                Combinators.combine(index, Arbitraries.integers().between(1, 3), Arbitraries.of(true, false))
                        .as(CopyPaste::new),
                Combinators.combine(index, Arbitraries.integers().between(-300, 300),
                        Arbitraries.integers().between(-300, 300)).as(Move::new),
                Combinators.combine(index, index, index, index).as(FieldValue::new),
                Combinators.combine(guardKinds, Arbitraries.integers().between(-1, 40)).as(AddGuard::new),
                Combinators.combine(index, ladders).as(GuardLadder::new),
                index.map(RemoveGuard::new),
                Arbitraries.of(true, false).map(UndoRedo::new)));
    }
}
