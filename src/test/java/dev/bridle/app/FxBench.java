package dev.bridle.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * What the workbench's FX benchmarks share: running on the FX thread, driving one step per pulse, watching the FX
 * thread's responsiveness, and printing percentiles. Benchmarks are commands, not tests, so they print.
 */
public final class FxBench {

    private FxBench() {}

    /** Starts the toolkit (headless Monocle when the command line says so). */
    public static void startToolkit() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);
    }

    /** Styles a scene as the workbench window is: the Primer light theme and the workbench's style sheet. */
    public static Scene styled(Scene scene) {
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        scene.getStylesheets().add(MainWindow.class.getResource("bridle.css").toExternalForm());
        return scene;
    }

    /** Runs {@code work} on the FX thread and waits for its result. */
    public static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(10, TimeUnit.MINUTES);
    }

    /** The timings of frames driven one per pulse, in milliseconds. */
    public record Frames(List<Double> update, List<Double> rendered, List<Double> pulses) {}

    /**
     * Runs {@code steps} one per pulse (from an {@link AnimationTimer}). With {@code forced}, each frame is the step,
     * a CSS and layout pass of the whole scene ({@code update}) and then {@code shown} (the control that changed)
     * rendered by the software pipeline as a snapshot ({@code rendered}, an upper bound: the pulse renders the dirty
     * region once more). Without, the step is all that runs in the timer and the pulse does the rest as it would for
     * a user; {@code pulses} holds the time between consecutive pulses (60 Hz is 16.7 ms, the floor).
     */
    public static Frames perPulse(Scene scene, javafx.scene.Node shown, List<Runnable> steps, boolean forced)
            throws Exception {
        List<Double> update = new ArrayList<>();
        List<Double> rendered = new ArrayList<>();
        List<Double> pulses = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> new AnimationTimer() {
            int next;
            long last;

            @Override
            public void handle(long now) {
                long t0 = System.nanoTime();
                if (last != 0) {
                    pulses.add((t0 - last) / 1e6);
                }
                last = t0;
                if (next == steps.size()) {
                    stop();
                    done.complete(null);
                    return;
                }
                steps.get(next++).run();
                if (forced) {
                    Parent root = scene.getRoot();
                    root.applyCss();
                    root.layout();
                    long t1 = System.nanoTime();
                    shown.snapshot(null, null);
                    update.add((t1 - t0) / 1e6);
                    rendered.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }.start());
        done.get(10, TimeUnit.MINUTES);
        return new Frames(update, rendered, pulses.subList(0, Math.max(0, pulses.size() - 1)));
    }

    /**
     * Watches the FX thread while something runs: the time between pulses (an {@link AnimationTimer} keeps them
     * coming, as any animation would) and the latency of a {@code Platform.runLater} probe posted every 50 ms.
     */
    public static final class Responsiveness {
        private final List<Double> gaps = Collections.synchronizedList(new ArrayList<>());
        private final List<Double> probes = Collections.synchronizedList(new ArrayList<>());
        private final List<String> late = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-prober");
            t.setDaemon(true);
            return t;
        });
        private AnimationTimer timer;
        private long pulseCount;
        private long cpu0;
        private long wall0;
        private double busy;

        /** Starts watching; call on any thread but the FX thread. */
        public void start() throws Exception {
            onFx(() -> {
                cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                wall0 = System.nanoTime();
                timer = new AnimationTimer() {
                    long last;

                    @Override
                    public void handle(long now) {
                        long t = System.nanoTime();
                        if (last != 0) {
                            gaps.add((t - last) / 1e6);
                        }
                        last = t;
                        pulseCount++;
                    }
                };
                timer.start();
                return null;
            });
            prober.scheduleAtFixedRate(() -> {
                long posted = System.nanoTime();
                Platform.runLater(() -> {
                    double waited = (System.nanoTime() - posted) / 1e6;
                    probes.add(waited);
                    if (waited > 100) {
                        late.add(String.format("%.1f s (%.0f ms)", (posted - wall0) / 1e9, waited));
                    }
                });
            }, 50, 50, TimeUnit.MILLISECONDS);
        }

        /** Pulses seen so far; read on the FX thread. */
        public long pulses() {
            return pulseCount;
        }

        public void stop() throws Exception {
            prober.shutdownNow();
            onFx(() -> {
                timer.stop();
                busy = (double) (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                        - cpu0) / (System.nanoTime() - wall0);
                return null;
            });
        }

        public List<Double> gaps() {
            return List.copyOf(gaps);
        }

        public List<Double> probes() {
            return List.copyOf(probes);
        }

        /** When the probes that waited over 100 ms were posted (seconds after {@link #start()}), and how long. */
        public List<String> late() {
            return List.copyOf(late);
        }

        /** The share of the time watched that the FX thread spent on a processor (0–1). */
        public double busy() {
            return busy;
        }
    }

    /** The value at quantile {@code q} (0–1) of {@code values}. */
    public static double quantile(List<Double> values, double q) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(sorted.size() * q) - 1)));
    }

    /** Prints p50, p95, p99 and max of {@code values} (milliseconds). */
    public static void report(String what, List<Double> values) {
        if (values.isEmpty()) {
            System.out.printf("%s: no samples%n", what);
            return;
        }
        System.out.printf("%s: p50 %.1f, p95 %.1f, p99 %.1f, max %.1f (n=%d)%n", what, quantile(values, 0.5),
                quantile(values, 0.95), quantile(values, 0.99), quantile(values, 1), values.size());
    }

    /** The load average of the machine now, for the report. */
    public static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
