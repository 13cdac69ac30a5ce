package dev.bridle.app;

import static dev.bridle.app.Screenshots.await;
import static dev.bridle.app.Screenshots.debugModel;
import static dev.bridle.app.Screenshots.inspectorModel;
import static dev.bridle.app.Screenshots.lookup;
import static dev.bridle.app.Screenshots.onFx;
import static dev.bridle.app.Screenshots.save;

import dev.bridle.app.debug.DebugViewModel;
import dev.bridle.app.inspect.RunInspectorViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * Takes the README's screenshots of the run-time views at one window size: the inspector's timeline (axis, legend, a
 * selected event) and context chart after a run of {@code lost-context}, and the debugger paused on its first
 * compaction. Arguments: the output folder, the width and the height, and a suffix for the file names (empty for the
 * default size), e.g. {@code assets/screenshots 1024 700 -1024}. Run it with {@code -Djava.util.prefs.userRoot} set to a
 * folder of its own, so that it does not read or write the user's workbench preferences.
 */
public final class RuntimeScreenshots {

    private RuntimeScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/screenshots");
        double width = args.length > 1 ? Double.parseDouble(args[1]) : 1400;
        double height = args.length > 2 ? Double.parseDouble(args[2]) : 900;
        String suffix = args.length > 3 ? args[3] : "";
        Files.createDirectories(out);
        Path db = Files.createTempDirectory("bridle-shots");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        MainWindow[] window = new MainWindow[1];
        onFx(() -> {
            Stage stage = new Stage();
            window[0] = MainWindow.open(stage, new WorkbenchConfig(Path.of("sample-policies"),
                    dev.bridle.store.RunStore.fileUrl(db.resolve("runs")), "lost-context.harness.yaml"));
            stage.setWidth(width);
            stage.setHeight(height);
        });
        MainViewModel model = window[0].viewModel();
        onFx(() -> model.selectHarness(Path.of("sample-policies/lost-context.harness.yaml")));
        onFx(() -> model.selectScenario(Path.of("sample-policies/lost-context/keeps-the-requirement.scenario.yaml")));
        onFx(model::run);
        await(() -> !model.runningProperty().get() && model.lastInspectionProperty().get() != null
                && model.lastInspectionProperty().get().compactions().size() == 2);
        TabPane bottom = lookup(window[0], "#bottom-tabs");
        SplitPane centre = (SplitPane) bottom.getParent().getParent();
        onFx(() -> centre.setDividerPositions(0.45));
        onFx(() -> bottom.getSelectionModel().select(1));
        TabPane inspector = lookup(window[0], "#run-inspector");
        RunInspectorViewModel details = inspectorModel(inspector);
        var compaction = model.lastInspectionProperty().get().compactions().getFirst();
        onFx(() -> {
            inspector.getSelectionModel().select(0);
            details.select(compaction);
        });
        save(window[0], out.resolve("inspector-timeline" + suffix + ".png"));
        onFx(() -> inspector.getSelectionModel().select(1));
        save(window[0], out.resolve("inspector-context" + suffix + ".png"));
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
        save(window[0], out.resolve("debugger" + suffix + ".png"));
        onFx(debug::stop);
        await(() -> debug.stateProperty().get() == DebugViewModel.State.ENDED);
        onFx(() -> window[0].stage().close());
        Platform.exit();
        System.exit(0);
    }
}
