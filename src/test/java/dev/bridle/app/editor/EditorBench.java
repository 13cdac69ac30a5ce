package dev.bridle.app.editor;

import dev.bridle.policy.Agent;
import dev.bridle.policy.ContextPolicy;
import dev.bridle.policy.Coordination;
import dev.bridle.policy.Edge;
import dev.bridle.policy.ErrorPolicy;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessWriter;
import dev.bridle.policy.Node;
import dev.bridle.policy.Outcome;
import dev.bridle.policy.Permissions;
import dev.bridle.policy.Workflow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.stage.Stage;

/**
 * Timings of the editor on a generated 500-node workflow, on the FX thread under headless Monocle: opening (reading
 * the YAML, laying it out, building every skin, the first CSS and layout pass) and pan/zoom frames (the scene-graph
 * update of a frame, and the same frame rendered by the software pipeline as a snapshot, an upper bound). Run:
 * {@code mvn -B -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test -Dexec.args="…"} (see
 * docs/benchmarks.md). Prints one line per figure (test sources may print; this is a command, not a test).
 */
public final class EditorBench {

    private EditorBench() {}

    /** A workflow of {@code n} nodes: a chain of agents with a check every tenth node, no layout. */
    static Harness generated(int n) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (int i = 0; i < n - 1; i++) {
            String id = "n" + i;
            String next = "n" + (i + 1);
            if (i % 10 == 9) {
                nodes.put(id, new Node.CheckNode(id, "steps < 100", next, "n" + Math.max(0, i - 5),
                        Optional.empty()));
            } else {
                nodes.put(id, new Node.AgentNode(id, "worker", List.of(Edge.to(next)), Optional.empty()));
            }
        }
        nodes.put("n" + (n - 1), new Node.EndNode("n" + (n - 1), Outcome.COMPLETED));
        return new Harness("big", "", Map.of("worker", new Agent("worker", "work", List.of("fs.read"))),
                new Workflow("n0", nodes), List.of(new GuardSpec.Steps("budget", 40)), Permissions.DENY_ALL,
                ContextPolicy.UNMANAGED, Coordination.DEFAULT, ErrorPolicy.DEFAULT, Map.of());
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        String yaml = HarnessWriter.yaml(generated(nodes));
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        var background = Executors.newSingleThreadExecutor();
        double[] open = new double[7];
        List<Double> update = new ArrayList<>();
        List<Double> render = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            Stage stage = new Stage();
            EditorView view = null;
            for (int run = 0; run < open.length; run++) {
                long t0 = System.nanoTime();
                HarnessDocument doc = HarnessDocument.ofText(null, yaml, background, Platform::runLater);
                view = new EditorView(new EditorViewModel(doc, new NodeClipboard()), background);
                Scene scene = new Scene(view, 1400, 900);
                stage.setScene(scene);
                stage.show();
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                open[run] = (System.nanoTime() - t0) / 1e6;
            }
            GraphCanvas canvas = view.canvas();
            canvas.zoomProperty().set(1);
            for (int frame = 0; frame < 240; frame++) {
                long t0 = System.nanoTime();
                if (frame % 2 == 0) {
                    canvas.zoomAt(500, 400, frame % 4 == 0 ? 1.1 : 1 / 1.1);
                } else {
                    canvas.panBy(7, -3);
                }
                view.getScene().getRoot().applyCss();
                view.getScene().getRoot().layout();
                long t1 = System.nanoTime();
                if (frame % 4 == 1) {
                    canvas.snapshot(new SnapshotParameters(), null);
                    render.add((System.nanoTime() - t0) / 1e6);
                }
                update.add((t1 - t0) / 1e6);
            }
            stage.hide();
            done.countDown();
        });
        done.await(5, TimeUnit.MINUTES);
        Arrays.sort(open, 2, open.length); // the first two runs warm the JIT up
        System.out.printf("open %d nodes, first (cold JVM) run: %.1f ms%n", nodes, open[0]);
        report("open " + nodes + " nodes (ms), runs 3-7", Arrays.stream(open, 2, open.length).boxed().toList());
        report("pan/zoom frame scene-graph update (ms)", update.subList(40, update.size()));
        report("pan/zoom frame rendered as a snapshot (ms)", render.subList(10, render.size()));
        background.shutdownNow();
        Platform.exit();
    }

    private static void report(String what, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        double p50 = sorted.get(sorted.size() / 2);
        double p95 = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.95) - 1));
        double max = sorted.getLast();
        System.out.printf("%s: p50 %.1f, p95 %.1f, max %.1f (n=%d)%n", what, p50, p95, max, sorted.size());
    }
}
