package dev.bridle.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.bridle.watch.FileWatch;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slf4j.LoggerFactory;

/**
 * A workbench window: the view, its view model and the stage they are shown in. {@link #open} is how both the
 * application and the tests start one.
 *
 * @param background the thread for heavy editor work (reading large sources, validating)
 * @param autosave the timer that writes unsaved work to autosave files
 * @param files the watch that notices open documents changed by other programs (empty when the platform gives none;
 *     the focus check is then all there is)
 */
public record MainWindow(Stage stage, MainView view, MainViewModel viewModel, ExecutorService background,
        Timeline autosave, Optional<FileWatch> files) {

    public static final String TITLE = "Bridle";
    public static final double DEFAULT_WIDTH = 1280;
    public static final double DEFAULT_HEIGHT = 800;
    /** How often unsaved work is written to the autosave files. */
    public static final Duration AUTOSAVE_EVERY = Duration.seconds(5);

    /**
     * Shows the workbench for {@code config} in {@code stage}, with the AtlantaFX Primer theme the user chose last
     * (light at first). The run store is opened by the first run and closed when the stage is hidden or
     * {@link #close()} is called. Call on the FX thread.
     */
    public static MainWindow open(Stage stage, WorkbenchConfig config) {
        return open(stage, config, new FxDialogs(stage), WorkbenchPrefs.user());
    }

    /** As {@link #open(Stage, WorkbenchConfig)}, with the given dialogs and remembered preferences. */
    public static MainWindow open(Stage stage, WorkbenchConfig config, Dialogs dialogs, WorkbenchPrefs prefs) {
        BooleanProperty dark = new SimpleBooleanProperty(prefs.dark());
        dark.subscribe(d -> {
            Application.setUserAgentStylesheet(d ? new PrimerDark().getUserAgentStylesheet()
                    : new PrimerLight().getUserAgentStylesheet());
            prefs.setDark(d);
        });
        ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bridle-editor");
            t.setDaemon(true);
            return t;
        });
        MainViewModel viewModel = new MainViewModel(config);
        MainView view = new MainView(viewModel, dialogs, background, prefs.recentBindings());
        view.setMenuBar(new WorkbenchMenus(view, dialogs, prefs).create(dark));
        // the side panes open as they were left
        for (var pane : java.util.List.of(view.documents().panes().harnessListProperty(),
                view.documents().panes().inspectorProperty())) {
            pane.set(prefs.paneShown(pane.getName()));
            pane.subscribe(shown -> prefs.setPaneShown(pane.getName(), shown));
        }
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        // The window opens as large as the screen allows up to 1600×1000, never larger than the screen: on a
        // 1024×700 screen a 1280-wide window would open with its tool bar and Run button off the left edge.
        Scene scene = new Scene(view, Math.min(screen.getWidth(), Math.max(DEFAULT_WIDTH, Math.min(1600,
                screen.getWidth()))), Math.min(screen.getHeight(), Math.max(DEFAULT_HEIGHT, Math.min(1000,
                screen.getHeight()))));
        scene.getStylesheets().add(
                Objects.requireNonNull(MainWindow.class.getResource("bridle.css"), "bridle.css").toExternalForm());
        scene.getAccelerators().put(MainView.RUN_KEY_ALTERNATIVE, viewModel::run);
        stage.setTitle(TITLE + " — " + config.folder().toAbsolutePath().normalize().getFileName());
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            if (!view.documents().mayCloseAll()) {
                e.consume();
            }
        });
        Optional<FileWatch> files = watchFiles(view.documents());
        // The watch notices changes at once; the focus check stays for file systems it cannot watch.
        stage.focusedProperty().addListener((o, was, now) -> {
            if (now) {
                view.documents().checkDisk();
            }
        });
        Timeline autosave = new Timeline(new KeyFrame(AUTOSAVE_EVERY, e -> view.documents().autosave()));
        autosave.setCycleCount(Timeline.INDEFINITE);
        autosave.play();
        stage.setOnHidden(e -> {
            autosave.stop();
            files.ifPresent(FileWatch::close);
            viewModel.close();
            background.shutdownNow();
        });
        stage.show();
        return new MainWindow(stage, view, viewModel, background, autosave, files);
    }

    /** Starts the watch of the open documents' files; each burst of changes reaches the FX thread in one hand-over. */
    private static Optional<FileWatch> watchFiles(DocumentTabs documents) {
        try {
            FileWatch files = FileWatch.start(changes -> Platform.runLater(() -> documents.filesChanged(changes)));
            documents.watchWith(files);
            return Optional.of(files);
        } catch (IOException e) {
            LoggerFactory.getLogger(MainWindow.class)
                    .warn("cannot watch files for changes ({}); they are checked when the window gets the focus",
                            e.getMessage());
            return Optional.empty();
        }
    }

    /** Closes the run store and the file watch and stops the editor's background work; the stage stays as it is. */
    public void close() {
        autosave.stop();
        files.ifPresent(FileWatch::close);
        viewModel.close();
        background.shutdownNow();
    }
}
