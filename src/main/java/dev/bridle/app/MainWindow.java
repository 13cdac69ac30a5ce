package dev.bridle.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * A workbench window: the view, its view model and the stage they are shown in. {@link #open} is how both the
 * application and the tests start one.
 *
 * @param background the thread for heavy editor work (reading large sources, validating)
 * @param autosave the timer that writes unsaved work to autosave files
 */
public record MainWindow(Stage stage, MainView view, MainViewModel viewModel, ExecutorService background,
        Timeline autosave) {

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
        MainView view = new MainView(viewModel, dialogs, background);
        view.setMenuBar(new WorkbenchMenus(view, dialogs, prefs).create(dark));
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view, Math.max(DEFAULT_WIDTH, Math.min(1600, screen.getWidth())),
                Math.max(DEFAULT_HEIGHT, Math.min(1000, screen.getHeight())));
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
            viewModel.close();
            background.shutdownNow();
        });
        stage.show();
        return new MainWindow(stage, view, viewModel, background, autosave);
    }

    /** Closes the run store and stops the editor's background work; the stage stays as it is. */
    public void close() {
        autosave.stop();
        viewModel.close();
        background.shutdownNow();
    }
}
