package dev.bridle.app.inspect;

import dev.bridle.app.FxBench;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import dev.bridle.store.Durability;
import dev.bridle.store.Recording;
import dev.bridle.store.RunStart;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import dev.bridle.store.SyntheticRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;

/**
 * Timings of the run inspector on a synthetic run of 1,000,000 events (with permission checks and compactions), under
 * headless Monocle with the software pipeline: opening the run (read on a background thread as the workbench does,
 * then the view built and shown in a 1400×900 scene, its first CSS and layout pass and one rendered frame), timeline
 * pan and zoom frames across the whole run, and permission-table frames a page at a time. The store is built once
 * in {@code args[0]} (default {@code target/bench-inspector}) and reused. See docs/benchmarks.md for the command.
 */
public final class InspectorBench {

    static final int EVENTS = 1_000_000;
    static final String RUN = "million";
    /** The chart width the workbench reads runs for (MainViewModel). */
    static final int CHART = 600;
    static final int OPENS = 10;

    private InspectorBench() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/bench-inspector");
        System.out.println("load average at start: " + FxBench.load());
        RunStore store = RunStore.open(RunStore.fileUrl(folder.resolve("runs")));
        ensureRun(store);
        ExecutorService background = Executors.newSingleThreadExecutor(r -> new Thread(r, "bridle-run"));
        FxBench.startToolkit();
        Stage stage = FxBench.onFx(Stage::new);

        RunInspectorViewModel[] model = new RunInspectorViewModel[1];
        // As the workbench does it: the inspector is built (empty) with the window, a finished run is shown in it.
        long b0 = System.nanoTime();
        RunInspectorView view = FxBench.onFx(() -> {
            model[0] = new RunInspectorViewModel(() -> store, background);
            RunInspectorView v = new RunInspectorView(model[0]);
            Scene scene = FxBench.styled(new Scene(v, 1400, 900));
            stage.setScene(scene);
            stage.show();
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            scene.getRoot().snapshot(null, null);
            return v;
        });
        System.out.printf("the empty inspector built and shown, first in the JVM (not part of an open): %.1f ms%n",
                (System.nanoTime() - b0) / 1e6);
        List<Double> shows = new ArrayList<>();
        RunInspection last = null;
        for (int i = 0; i < OPENS; i++) {
            long t0 = System.nanoTime();
            RunInspection run = background.submit(() -> RunInspection.readTimeline(store, RUN, CHART)).get();
            long t1 = System.nanoTime();
            FxBench.onFx(() -> {
                model[0].show(run, null);
                Scene scene = stage.getScene();
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                scene.getRoot().snapshot(null, null);
                return null;
            });
            shows.add((System.nanoTime() - t0) / 1e6);
            last = run;
            if (i == 0) {
                System.out.printf("open a run of %,d events into the inspector, first in the JVM: %.1f ms"
                        + " (reading %.1f ms)%n", run.total(), shows.getFirst(), (t1 - t0) / 1e6);
                // the permission checks are read after the timeline is shown, on the store's thread
                while (FxBench.onFx(() -> model[0].checksPendingProperty().get())) {
                    Thread.sleep(5);
                }
                System.out.printf("  its %,d permission checks in the table: %.1f ms after the open began%n",
                        FxBench.onFx(() -> model[0].permissionChecks().size()), (System.nanoTime() - t0) / 1e6);
            } else {
                while (FxBench.onFx(() -> model[0].checksPendingProperty().get())) {
                    Thread.sleep(5);
                }
            }
        }
        FxBench.report("open into the inspector, warm (runs 3-" + OPENS + ") (ms)", shows.subList(2, shows.size()));
        List<Double> reads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            background.submit(() -> RunInspection.readTimeline(store, RUN, CHART)).get();
            reads.add((System.nanoTime() - t0) / 1e6);
        }
        FxBench.report("  of which reading (RunInspection.readTimeline) (ms)", reads);
        // An upper bound: a new inspector view built for the run, in a new scene, each time.
        List<Double> opens = new ArrayList<>();
        for (int i = 0; i < OPENS; i++) {
            long t0 = System.nanoTime();
            RunInspection run = background.submit(() -> RunInspection.readTimeline(store, RUN, CHART)).get();
            FxBench.onFx(() -> {
                RunInspectorViewModel m = new RunInspectorViewModel(() -> store, background);
                RunInspectorView v = new RunInspectorView(m);
                m.show(run, null);
                Scene scene = FxBench.styled(new Scene(v, 1400, 900));
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                scene.getRoot().snapshot(null, null);
                return v;
            });
            opens.add((System.nanoTime() - t0) / 1e6);
        }
        FxBench.report("open with a new inspector view built each time, warm (runs 3-" + OPENS + ") (ms)",
                opens.subList(2, opens.size()));

        RunInspectorView inspector = view;
        Scene scene = inspector.getScene();
        TimelineCanvas timeline = (TimelineCanvas) scene.lookup(".timeline");
        List<Runnable> moves = timelineMoves(timeline);
        FxBench.Frames forced = FxBench.perPulse(scene, timeline, moves, true);
        FxBench.report("timeline pan/zoom frame, scene-graph update (ms)", forced.update());
        FxBench.report("timeline pan/zoom frame, rendered as a snapshot (ms)", forced.rendered());
        RunInspection opened = last;
        FxBench.onFx(() -> {
            timeline.scaleProperty().set(8);
            timeline.show(opened, model[0].pages());
            return null;
        });
        FxBench.Frames real = FxBench.perPulse(scene, timeline, timelineMoves(timeline), false);
        FxBench.report("timeline pan/zoom, time between pulses (ms)", real.pulses());

        for (int tab = 1; tab <= 2; tab++) {
            int index = tab;
            long t0 = System.nanoTime();
            FxBench.onFx(() -> {
                ((TabPane) inspector).getSelectionModel().select(index);
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                scene.getRoot().snapshot(null, null);
                return null;
            });
            System.out.printf("first show of the %s tab: %.1f ms%n", index == 1 ? "Context" : "Permissions",
                    (System.nanoTime() - t0) / 1e6);
        }
        @SuppressWarnings("unchecked")
        TableView<RunEvent.PermissionChecked> table = (TableView<RunEvent.PermissionChecked>) scene
                .lookup("#permission-table");
        System.out.printf("permission table rows: %,d%n", FxBench.onFx(() -> table.getItems().size()));
        VirtualFlow<?> flow = (VirtualFlow<?>) table.lookup(".virtual-flow");
        List<Runnable> pages = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            pages.add(() -> flow.scrollPixels(flow.getHeight()));
        }
        FxBench.Frames tableForced = FxBench.perPulse(scene, table, pages, true);
        FxBench.report("permission table page-down frame, scene-graph update (ms)", tableForced.update());
        FxBench.report("permission table page-down frame, rendered as a snapshot (ms)", tableForced.rendered());
        List<Runnable> pagesUp = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            pagesUp.add(() -> flow.scrollPixels(-flow.getHeight()));
        }
        FxBench.Frames tableReal = FxBench.perPulse(scene, table, pagesUp, false);
        FxBench.report("permission table page-up, time between pulses (ms)", tableReal.pulses());
        System.out.println("load average at end: " + FxBench.load());
        background.shutdown();
        store.close();
        Platform.exit();
    }

    /**
     * Zoom out from the opening scale to the whole run, pan across it, zoom in somewhere in the middle, pan at that
     * scale, then zoom out and pan back: about 250 frames.
     */
    static List<Runnable> timelineMoves(TimelineCanvas timeline) {
        List<Runnable> moves = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            moves.add(() -> timeline.zoomAt(700, 0.8));
        }
        for (int i = 0; i < 40; i++) {
            moves.add(() -> timeline.panBy(-600));
        }
        for (int i = 0; i < 30; i++) {
            moves.add(() -> timeline.zoomAt(700, 1.25));
        }
        for (int i = 0; i < 100; i++) {
            moves.add(() -> timeline.panBy(-300));
        }
        for (int i = 0; i < 20; i++) {
            moves.add(() -> timeline.zoomAt(700, 0.8));
        }
        for (int i = 0; i < 40; i++) {
            moves.add(() -> timeline.panBy(600));
        }
        return moves;
    }

    /** Writes the synthetic run unless the folder holds it already, whole. */
    static void ensureRun(RunStore store) {
        if (store.run(RUN).flatMap(RunSummary::endedAt).isPresent()) {
            System.out.println("reusing the stored run of " + EVENTS + " events");
            return;
        }
        store.delete(List.of(RUN));
        long t0 = System.nanoTime();
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        SyntheticRun run = SyntheticRun.withDecisions(start);
        try (Recording r = store.begin(new RunStart(RUN, "synthetic", "0".repeat(64), "mock:synthetic", start),
                Durability.BATCHED)) {
            run.begin(r::accept);
            while (run.lastSeq() < EVENTS - 2) {
                run.step(r::accept);
            }
            run.end(r::accept);
        }
        System.out.printf("wrote a run of %,d events in %.1f s%n", run.lastSeq(), (System.nanoTime() - t0) / 1e9);
        if (store.run(RUN).flatMap(RunSummary::endedAt).isEmpty()) {
            throw new IllegalStateException("the synthetic run did not end: " + Outcome.STOPPED);
        }
    }
}
