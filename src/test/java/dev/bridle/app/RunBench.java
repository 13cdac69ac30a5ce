package dev.bridle.app;

import dev.bridle.app.debug.DebugView;
import dev.bridle.app.debug.DebugViewModel;
import dev.bridle.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Control;
import javafx.scene.control.TabPane;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;

/**
 * The workbench window during a long run, under headless Monocle with the software pipeline: a {@link LongRun} of
 * 100,000 steps by default ({@code args[0]}; {@code args[1] = debug} skips Run, {@code run} skips Debug),
 * run once with Run and once with Debug (breakpoints off), while the FX thread is watched (time between pulses, latency
 * of a {@code runLater} probe every 50 ms); then the events table and the debugger's event list scrolled a page per
 * frame. Prints one line per figure; see docs/benchmarks.md for the command.
 */
public final class RunBench {

    private RunBench() {}

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        boolean debugOnly = args.length > 1 && args[1].equals("debug");
        boolean runOnly = args.length > 1 && args[1].equals("run");
        Path temp = Files.createTempDirectory("bridle-run-bench");
        Path folder = Files.createDirectories(temp.resolve("policies"));
        LongRun.write(folder, steps);
        System.out.println("load average at start: " + FxBench.load());
        FxBench.startToolkit();
        WorkbenchConfig config = new WorkbenchConfig(folder, RunStore.fileUrl(temp.resolve("runs")),
                LongRun.HARNESS_FILE);
        MainWindow window = FxBench.onFx(() -> {
            Stage stage = new Stage();
            return MainWindow.open(stage, config, new FxDialogs(stage),
                    new WorkbenchPrefs(new MemoryPreferences().node("dev/bridle/bench")));
        });
        Scene scene = window.stage().getScene();
        waitUntil(() -> window.viewModel().canRunProperty().get());
        Thread.sleep(3000); // the window's first frames (class loading, the JIT) are not the run's

        if (!debugOnly) {
            // Run: the whole run on the background thread, its events handed over once at the end.
            FxBench.Responsiveness run = new FxBench.Responsiveness();
            run.start();
            long t0 = System.nanoTime();
            FxBench.onFx(() -> {
                window.viewModel().run();
                return null;
            });
            waitUntil(() -> !window.viewModel().runningProperty().get());
            double runSeconds = (System.nanoTime() - t0) / 1e9;
            run.stop();
            int rows = FxBench.onFx(() -> window.viewModel().rows().size());
            System.out.printf("Run, %,d steps: %.1f s, %,d events for the table; %s%n", steps, runSeconds, rows,
                    FxBench.onFx(() -> window.viewModel().statusProperty().get().text()));
            FxBench.report("Run: time between pulses (ms)", run.gaps());
            FxBench.report("Run: latency of a runLater probe every 50 ms (ms)", run.probes());
            System.out.printf("Run: probes over 100 ms, posted at: %s (the run ended at %.1f s)%n", run.late(),
                    runSeconds);
            System.out.printf("Run: the FX thread was on a processor %.0f%% of the run%n", 100 * run.busy());
            scroll(scene, "#events", "events table");
            List<Double> turns = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                // read from the run store on its thread, then shown: timed to the page's first frame drawn
                java.util.concurrent.CompletableFuture<Double> shown = new java.util.concurrent.CompletableFuture<>();
                FxBench.onFx(() -> {
                    long p0 = System.nanoTime();
                    var page = window.viewModel().rows().pageProperty();
                    page.addListener(new javafx.beans.value.ChangeListener<Number>() {
                        @Override
                        public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number a,
                                Number b) {
                            page.removeListener(this);
                            javafx.application.Platform.runLater(() -> {
                                scene.getRoot().applyCss();
                                scene.getRoot().layout();
                                scene.lookup("#events").snapshot(null, null);
                                shown.complete((System.nanoTime() - p0) / 1e6);
                            });
                        }
                    });
                    ((Button) scene.lookup("#events-earlier")).fire();
                    return null;
                });
                turns.add(shown.get(1, TimeUnit.MINUTES));
            }
            FxBench.report("events table: a page of " + RowPages.PAGE + " earlier events read from the store and shown (ms)", turns);

        }

        if (runOnly) {
            System.out.println("load average at end: " + FxBench.load());
            System.exit(0);
        }
        // Debug: the same run under the debugger, its events streamed to the event list in batches.
        TabPane tabs = (TabPane) scene.lookup("#bottom-tabs");
        FxBench.onFx(() -> {
            tabs.getSelectionModel().select(2);
            return null;
        });
        FxBench.onFx(() -> {
            // the tab's content is put into the scene when the tab is first shown
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            ((CheckBox) scene.lookup("#break-on-guards")).setSelected(false);
            return null;
        });
        DebugViewModel debug = ((DebugView) scene.lookup("#debug-view")).model();
        FxBench.Responsiveness watch = new FxBench.Responsiveness();
        watch.start();
        long pulses0 = FxBench.onFx(watch::pulses);
        long d0 = System.nanoTime();
        FxBench.onFx(() -> {
            ((Button) scene.lookup("#debug")).fire();
            return null;
        });
        waitUntil(() -> debug.stateProperty().get() == DebugViewModel.State.ENDED);
        double debugSeconds = (System.nanoTime() - d0) / 1e9;
        long pulses = FxBench.onFx(watch::pulses) - pulses0;
        watch.stop();
        int events = FxBench.onFx(() -> debug.eventCountProperty().get());
        long handOvers = FxBench.onFx(debug::handOvers);
        System.out.printf("Debug, %,d steps: %.1f s, %,d events in %,d hand-overs (%.0f events each) over %,d pulses;"
                + " %s%n", steps, debugSeconds, events, handOvers, (double) events / handOvers, pulses,
                FxBench.onFx(() -> debug.reasonProperty().get()));
        FxBench.report("Debug: time between pulses (ms)", watch.gaps());
        FxBench.report("Debug: latency of a runLater probe every 50 ms (ms)", watch.probes());
        System.out.println("Debug: probes over 100 ms, posted at: " + watch.late());
        System.out.printf("Debug: the FX thread was on a processor %.0f%% of the run%n", 100 * watch.busy());
        scroll(scene, "#debug-events", "debugger's event list");
        System.out.println("load average at end: " + FxBench.load());
        FxBench.onFx(() -> {
            window.stage().hide();
            return null;
        });
        javafx.application.Platform.exit();
        System.exit(0);
    }

    /** Pages down then up through a virtualized table or list, a page per frame. */
    static void scroll(Scene scene, String id, String name) throws Exception {
        Control control = (Control) scene.lookup(id);
        VirtualFlow<?> flow = FxBench.onFx(() -> {
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            return (VirtualFlow<?>) control.lookup(".virtual-flow");
        });
        System.out.printf("%s: %,d rows, fixed height %.0f px%n", name, FxBench.onFx(flow::getCellCount),
                FxBench.onFx(() -> control instanceof javafx.scene.control.ListView<?> l ? l.getFixedCellSize()
                        : ((javafx.scene.control.TableView<?>) control).getFixedCellSize()));
        FxBench.onFx(() -> {
            flow.scrollTo(0);
            return null;
        });
        List<Runnable> down = new ArrayList<>();
        List<Runnable> up = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            down.add(() -> flow.scrollPixels(flow.getHeight()));
            up.add(() -> flow.scrollPixels(-flow.getHeight()));
        }
        FxBench.Frames forced = FxBench.perPulse(scene, control, down, true);
        FxBench.report(name + " page-down frame, scene-graph update (ms)", forced.update());
        FxBench.report(name + " page-down frame, rendered as a snapshot (ms)", forced.rendered());
        FxBench.Frames real = FxBench.perPulse(scene, control, up, false);
        FxBench.report(name + " page-up, time between pulses (ms)", real.pulses());
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (!FxBench.onFx(condition)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(100);
        }
    }
}
