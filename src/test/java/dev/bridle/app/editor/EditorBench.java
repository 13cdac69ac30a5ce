package dev.bridle.app.editor;

import atlantafx.base.theme.PrimerLight;
import com.sun.javafx.perf.PerformanceTracker;
import dev.bridle.app.FxBench;
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
import dev.bridle.policy.Position;
import dev.bridle.policy.SandboxMode;
import dev.bridle.policy.ToolDeclarations;
import dev.bridle.policy.Workflow;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

/**
 * Timings of the editor on a generated 500-node workflow under headless Monocle with the software pipeline, in the
 * workbench's look (AtlantaFX Primer Light and bridle.css): opening it, and pan/zoom frames. Run: {@code mvn -B -q
 * exec:exec -Dexec.executable=java -Dexec.classpathScope=test -Dexec.args="…"} (see docs/benchmarks.md; the headless
 * screen must be larger than the 1400×900 scene, {@code -Dheadless.geometry=1600x1000-32}). Prints one line per
 * figure (test sources may print; this is a command, not a test).
 *
 * <ul>
 *   <li><em>open</em>: read the YAML, build the editor, show it in a 1400×900 scene, CSS and layout; and the same
 *       until the toolkit has rendered the first frame of it. Measured three ways: the first open in a cold JVM; the
 *       first open after a small sample harness has been opened (the workbench is running, its classes are loaded,
 *       but nothing has warmed the JIT up on a large graph; a JVM of its own); and warm (runs 3–7 of 7).
 *   <li><em>frame, scene-graph update</em>: a pan or zoom step, then a CSS and layout pass forced on the whole scene
 *       (a pulse only styles what changed: an upper bound for the work on the FX thread).
 *   <li><em>frame, rendered (snapshot)</em>: the same step, then the canvas rendered by the software pipeline as a
 *       snapshot (which does its own CSS and layout pass first).
 *   <li><em>frame, real pulses</em>: an {@link AnimationTimer} takes one pan or zoom step per pulse; the frame is
 *       the time from that step to the toolkit telling that the frame is rendered ({@link PerformanceTracker}), so it
 *       holds the step, CSS, layout, the sync to the render graph and the painting. Also the interval between
 *       rendered frames: 16.7 ms at 60 Hz when no frame is dropped. Three gestures on the generated chain, then a
 *       drag and the wheel zoom on the same nodes laid out on a grid ({@link #grid}).
 * </ul>
 *
 * <p>Every gesture starts with a node in the middle of the view at 100 %, and half a second for the skins around it.
 */
public final class EditorBench {

    private static final String AFTER_SAMPLE = "--after-sample";
    /** Only the frame figures (after one open): quicker while working on the canvas. */
    private static final String FRAMES_ONLY = "--frames-only";
    private static final Path SAMPLE = Path.of("sample-policies/runaway-agent.harness.yaml");

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
                ContextPolicy.UNMANAGED, Coordination.DEFAULT, ErrorPolicy.DEFAULT, Map.of(), ToolDeclarations.NONE,
                SandboxMode.REQUIRED);
    }

    /**
     * The same workflow laid out on a grid of 25 columns (its {@code layout} says where each node goes): a denser
     * drawing, with some 20 boxes and their edges in view at 100 % and all 500 at 25 %.
     */
    static Harness grid(int n) {
        Harness chain = generated(n);
        Map<String, Position> layout = new LinkedHashMap<>();
        int i = 0;
        for (String id : chain.workflow().nodes().keySet()) {
            layout.put(id, new Position(40 + (i % 25) * 270, 60 + (i / 25) * 140));
            i++;
        }
        return new Harness(chain.name(), chain.description(), chain.agents(), chain.workflow(), chain.guards(),
                chain.permissions(), chain.context(), chain.coordination(), chain.onError(), layout, chain.tools(),
                chain.sandbox());
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        boolean afterSample = List.of(args).contains(AFTER_SAMPLE);
        boolean framesOnly = List.of(args).contains(FRAMES_ONLY);
        if (!afterSample && !framesOnly) {
            // the open after a sample needs a JVM of its own, in which nothing has opened the large graph yet
            runAfterSampleInChild(nodes);
        }
        String yaml = HarnessWriter.yaml(generated(nodes));
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Bench bench = new Bench(yaml);
        try {
            if (afterSample) {
                bench.open(Files.readString(SAMPLE), "sample");
                Thread.sleep(500); // the workbench sits idle, showing the sample
                Opened first = bench.open(yaml, "big");
                System.out.printf("open %d nodes, first open after a sample harness: %.0f ms laid out, %.0f ms"
                        + " to the first rendered frame%n", nodes, first.laidOut(), first.rendered());
                return;
            }
            if (framesOnly) {
                bench.open(yaml, "big");
                bench.steppedFrames();
                bench.pulsedFrames();
                bench.gridFrames(HarnessWriter.yaml(grid(nodes)));
                return;
            }
            List<Opened> opens = new ArrayList<>();
            for (int run = 0; run < 7; run++) {
                opens.add(bench.open(yaml, "big"));
                Thread.sleep(500); // each open starts from an idle workbench, as a user's would
            }
            System.out.printf("open %d nodes, first (cold JVM) run: %.0f ms laid out, %.0f ms to the first rendered"
                    + " frame%n", nodes, opens.getFirst().laidOut(), opens.getFirst().rendered());
            List<Opened> warm = opens.subList(2, opens.size()); // the first two runs warm the JIT up
            FxBench.report("open " + nodes + " nodes, runs 3-7, laid out (ms)", warm.stream().map(Opened::laidOut).toList());
            FxBench.report("open " + nodes + " nodes, runs 3-7, first rendered frame (ms)",
                    warm.stream().map(Opened::rendered).toList());
            bench.steppedFrames();
            bench.pulsedFrames();
            bench.gridFrames(HarnessWriter.yaml(grid(nodes)));
        } finally {
            bench.background.shutdownNow();
            Platform.exit();
        }
    }

    private static void runAfterSampleInChild(int nodes) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-classpath", System.getProperty("java.class.path"), EditorBench.class.getName(),
                Integer.toString(nodes), AFTER_SAMPLE));
        Process child = new ProcessBuilder(command).inheritIO().start();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("the open after a sample failed: " + child.exitValue());
        }
    }

    /** How long one open took, in ms: until laid out on the FX thread, and until its first frame was rendered. */
    private record Opened(double laidOut, double rendered) {}

    private static final class Bench {

        final ExecutorService background = Executors.newSingleThreadExecutor();
        final String yaml;
        Stage stage;
        EditorView view;

        Bench(String yaml) {
            this.yaml = yaml;
        }

        /** Opens {@code text} as the workbench does: a new editor, in the workbench's look, in a 1400×900 scene. */
        Opened open(String text, String name) throws Exception {
            CompletableFuture<Long> rendered = new CompletableFuture<>();
            long[] times = FxBench.onFx(() -> {
                if (stage == null) {
                    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
                    stage = new Stage();
                }
                long t0 = System.nanoTime();
                HarnessDocument doc = HarnessDocument.ofText(Path.of(name + ".harness.yaml"), text, background,
                        Platform::runLater);
                view = new EditorView(new EditorViewModel(doc, new NodeClipboard()), background);
                Scene scene = new Scene(view, 1400, 900);
                scene.getStylesheets().add(Objects.requireNonNull(
                        EditorBench.class.getResource("/dev/bridle/app/bridle.css")).toExternalForm());
                stage.setScene(scene);
                stage.show();
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                long t1 = System.nanoTime();
                PerformanceTracker.getSceneTracker(scene).setOnRenderedFrameTask(
                        () -> rendered.complete(System.nanoTime()));
                return new long[] {t0, t1};
            });
            long t2 = rendered.get(1, TimeUnit.MINUTES);
            FxBench.onFx(() -> {
                PerformanceTracker.releaseSceneTracker(view.getScene());
                return null;
            });
            return new Opened((times[1] - times[0]) / 1e6, (t2 - times[0]) / 1e6);
        }

        /** Shows node {@code id} in the middle of the canvas at 100 %, and lays the scene out. */
        void home(String id) {
            GraphCanvas canvas = view.canvas();
            canvas.zoomProperty().set(1);
            Position p = canvas.place(id);
            canvas.panBy(canvas.getWidth() / 2 - (p.x() + NodeSkin.WIDTH / 2) - canvas.panX(),
                    canvas.getHeight() / 2 - (p.y() + NodeSkin.HEIGHT / 2) - canvas.panY());
            view.getScene().getRoot().applyCss();
            view.getScene().getRoot().layout();
        }

        /** One step of frame {@code frame}: a zoom in, a pan, a zoom out, a pan, around the middle of the canvas. */
        void step(int frame) {
            GraphCanvas canvas = view.canvas();
            if (frame % 2 == 0) {
                canvas.zoomAt(canvas.getWidth() / 2, canvas.getHeight() / 2, frame % 4 == 0 ? 1.1 : 1 / 1.1);
            } else {
                canvas.panBy(-7, 0);
            }
        }

        /** Frames stepped by hand on the FX thread: the scene-graph update, and the same with a snapshot. */
        void steppedFrames() throws Exception {
            List<Double> update = new ArrayList<>();
            List<Double> render = new ArrayList<>();
            goHome("n100");
            FxBench.onFx(() -> {
                Scene scene = view.getScene();
                for (int frame = 0; frame < 240; frame++) {
                    long t0 = System.nanoTime();
                    step(frame);
                    scene.getRoot().applyCss();
                    scene.getRoot().layout();
                    update.add((System.nanoTime() - t0) / 1e6);
                }
                return null;
            });
            goHome("n100");
            FxBench.onFx(() -> {
                WritableImage image = null;
                for (int frame = 0; frame < 240; frame++) {
                    long t0 = System.nanoTime();
                    step(frame);
                    image = view.canvas().snapshot(new SnapshotParameters(), image);
                    render.add((System.nanoTime() - t0) / 1e6);
                }
                return null;
            });
            FxBench.report("pan/zoom frame, scene-graph update (ms)", update.subList(40, update.size()));
            FxBench.report("pan/zoom frame, rendered as a snapshot (ms)", render.subList(40, render.size()));
        }

        /** {@link #home}, then half a second of pulses, in which the skins around it are made. */
        void goHome(String id) throws Exception {
            FxBench.onFx(() -> {
                home(id);
                return null;
            });
            Thread.sleep(500);
        }

        /**
         * Frames the toolkit pulses: one step per pulse from an animation timer, timed to the end of its rendering.
         * Three gestures: the stepped pattern above, a steady drag to the left at 100 %, and a wheel zoom out to 25 %
         * and back in.
         */
        void pulsedFrames() throws Exception {
            pulsed("zoom in/pan/zoom out/pan", 240, this::step, "n200");
            pulsed("drag at 100 %", 240, f -> view.canvas().panBy(-20, 0), "n300");
            pulsed("wheel zoom 100-25-100 %", 240, f -> {
                GraphCanvas c = view.canvas();
                c.zoomAt(c.getWidth() / 2, c.getHeight() / 2, f % 120 < 60 ? 0.978 : 1 / 0.978);
            }, "n400");
        }

        /** On the grid: a drag at 100 % (to the left and up, then back) and the wheel zoom, as pulsed frames. */
        void gridFrames(String gridYaml) throws Exception {
            open(gridYaml, "grid");
            pulsed("grid, drag at 100 %", 240, f -> view.canvas().panBy(f % 120 < 60 ? -20 : 20, f % 120 < 60 ? -10 : 10),
                    "n262");
            pulsed("grid, wheel zoom 100-25-100 %", 240, f -> {
                GraphCanvas c = view.canvas();
                c.zoomAt(c.getWidth() / 2, c.getHeight() / 2, f % 120 < 60 ? 0.978 : 1 / 0.978);
            }, "n262");
        }

        private void pulsed(String gesture, int frames, IntConsumer stepper, String home) throws Exception {
            long[] stepped = new long[frames];
            long[] rendered = new long[frames];
            int[] frame = {-1};
            CountDownLatch done = new CountDownLatch(1);
            goHome(home);
            FxBench.onFx(() -> {
                PerformanceTracker tracker = PerformanceTracker.getSceneTracker(view.getScene());
                // called on the render thread once the frame of the last step is painted
                tracker.setOnRenderedFrameTask(() -> {
                    int f = frame[0];
                    if (f >= 0 && f < frames && rendered[f] == 0) {
                        rendered[f] = System.nanoTime();
                        if (f == frames - 1) {
                            done.countDown();
                        }
                    }
                });
                new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        if (frame[0] >= 0 && rendered[frame[0]] == 0) {
                            return; // the last frame is not painted yet: take no new step
                        }
                        if (frame[0] == frames - 1) {
                            stop();
                            return;
                        }
                        int f = ++frame[0];
                        stepped[f] = System.nanoTime();
                        stepper.accept(f);
                    }
                }.start();
                return null;
            });
            if (!done.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("frames were not rendered");
            }
            FxBench.onFx(() -> {
                PerformanceTracker.releaseSceneTracker(view.getScene());
                return null;
            });
            List<Double> latency = new ArrayList<>();
            List<Double> interval = new ArrayList<>();
            for (int f = 20; f < frames; f++) {
                latency.add((rendered[f] - stepped[f]) / 1e6);
                interval.add((rendered[f] - rendered[f - 1]) / 1e6);
            }
            FxBench.report("pan/zoom frame, real pulses, " + gesture + ", step to rendered (ms)", latency);
            FxBench.report("pan/zoom frame, real pulses, " + gesture + ", between rendered frames (ms)", interval);
        }
    }

}
