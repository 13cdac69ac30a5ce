package dev.bridle.app;

import dev.bridle.app.debug.DebugViewModel;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.TabPane;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Takes the README's screenshots of the workbench at run time: the run inspector's context chart and timeline after
 * a run of {@code lost-context}, the debugger paused on a compaction, and the run history. Run it from the project folder (see
 * docs/benchmarks.md for the exec command; pass the output folder as the argument).
 */
public final class Screenshots {

    private Screenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/screenshots");
        Files.createDirectories(out);
        Path db = Files.createTempDirectory("bridle-shots");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        MainWindow[] window = new MainWindow[1];
        onFx(() -> {
            Stage stage = new Stage();
            window[0] = MainWindow.open(stage, new WorkbenchConfig(Path.of("sample-policies"),
                    dev.bridle.store.RunStore.fileUrl(db.resolve("runs")), "lost-context.harness.yaml"),
                    new FxDialogs(stage), new WorkbenchPrefs(new MemoryPreferences().node("dev/bridle/shots")));
            stage.setWidth(1400);
            stage.setHeight(900);
        });
        MainViewModel model = window[0].viewModel();
        onFx(() -> model.selectHarness(Path.of("sample-policies/runaway-agent.harness.yaml")));
        onFx(() -> model.selectScenario(Path.of("sample-policies/runaway-agent/loops-forever.scenario.yaml")));
        onFx(model::run);
        await(() -> !model.runningProperty().get() && model.lastInspectionProperty().get() != null);
        save(window[0], out.resolve("workbench.png"));
        onFx(() -> model.selectHarness(Path.of("sample-policies/lost-context.harness.yaml")));
        onFx(() -> model.selectScenario(Path.of("sample-policies/lost-context/keeps-the-requirement.scenario.yaml")));
        onFx(model::run);
        await(() -> !model.runningProperty().get() && model.lastInspectionProperty().get() != null
                && model.lastInspectionProperty().get().compactions().size() == 2);
        TabPane bottom = lookup(window[0], "#bottom-tabs");
        javafx.scene.control.SplitPane centre = (javafx.scene.control.SplitPane) bottom.getParent().getParent();
        onFx(() -> centre.setDividerPositions(0.42));
        onFx(() -> bottom.getSelectionModel().select(1));
        TabPane inspector = lookup(window[0], "#run-inspector");
        onFx(() -> inspector.getSelectionModel().select(1));
        save(window[0], out.resolve("inspector-context.png"));
        onFx(() -> inspector.getSelectionModel().select(0));
        save(window[0], out.resolve("inspector-timeline.png"));
        var details = inspectorModel(inspector);
        onFx(() -> inspector.getSelectionModel().select(2));
        await(() -> !details.checksPendingProperty().get());
        save(window[0], out.resolve("inspector-permissions.png"));
        var compaction = model.lastInspectionProperty().get().compactions().getFirst();
        onFx(() -> {
            centre.setDividerPositions(0.2);
            details.select(compaction);
            inspector.getSelectionModel().select(3);
        });
        await(() -> details.contextDiffProperty().get() != null);
        save(window[0], out.resolve("inspector-details.png"));
        onFx(() -> centre.setDividerPositions(0.42));
        onFx(() -> bottom.getSelectionModel().select(2));
        Node debugView = lookup(window[0], "#debug-view");
        DebugViewModel debug = debugModel(debugView);
        onFx(() -> {
            debug.breakOnGuardsProperty().set(false);
            debug.kindBreakpoints().add("context.compacted");
        });
        javafx.scene.control.Button debugButton = lookup(window[0], "#debug");
        onFx(debugButton::fire);
        // Debug pauses at the start; Continue runs to the first compaction
        await(() -> debug.stateProperty().get() == DebugViewModel.State.PAUSED);
        onFx(debug::resume);
        await(() -> debug.stateProperty().get() == DebugViewModel.State.PAUSED);
        save(window[0], out.resolve("debugger.png"));
        onFx(debug::stop);
        await(() -> debug.stateProperty().get() == DebugViewModel.State.ENDED);
        onFx(() -> bottom.getSelectionModel().select(4));
        javafx.scene.control.TableView<?> runs = lookup(window[0], "#history-table");
        await(() -> runs.getItems().size() == 3);
        onFx(() -> runs.getSelectionModel().clearAndSelect(1));
        save(window[0], out.resolve("history.png"));
        onFx(() -> window[0].stage().close());
        Platform.exit();
        System.exit(0);
    }

    static DebugViewModel debugModel(Node debugView) throws Exception {
        var field = dev.bridle.app.debug.DebugView.class.getDeclaredField("model");
        field.setAccessible(true);
        return (DebugViewModel) field.get(debugView);
    }

    static dev.bridle.app.inspect.RunInspectorViewModel inspectorModel(Node inspectorView) throws Exception {
        var field = dev.bridle.app.inspect.RunInspectorView.class.getDeclaredField("model");
        field.setAccessible(true);
        return (dev.bridle.app.inspect.RunInspectorViewModel) field.get(inspectorView);
    }

    @SuppressWarnings("unchecked")
    static <T extends Node> T lookup(MainWindow w, String selector) throws Exception {
        CompletableFuture<Node> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(w.stage().getScene().getRoot().lookup(selector)));
        return (T) f.get(10, TimeUnit.SECONDS);
    }

    static void onFx(Runnable r) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                r.run();
                f.complete(null);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        f.get(30, TimeUnit.SECONDS);
        Thread.sleep(300);
    }

    static void await(BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            Platform.runLater(() -> f.complete(condition.getAsBoolean()));
            if (f.get(10, TimeUnit.SECONDS)) {
                Thread.sleep(500);
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("timed out");
    }

    static void save(MainWindow w, Path file) throws Exception {
        save(w.stage().getScene(), file);
    }

    static void save(javafx.scene.Scene scene, Path file) throws Exception {
        CompletableFuture<WritableImage> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(scene.snapshot(null)));
        WritableImage image = f.get(30, TimeUnit.SECONDS);
        PixelReader pixels = image.getPixelReader();
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(out, "png", new File(file.toString()));
    }
}
