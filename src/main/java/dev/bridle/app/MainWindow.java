package dev.bridle.app;

import atlantafx.base.theme.PrimerLight;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * A workbench window: the view, its view model and the stage they are shown in. {@link #open} is how both the
 * application and the tests start one.
 */
public record MainWindow(Stage stage, MainView view, MainViewModel viewModel) {

    public static final String TITLE = "Bridle";
    public static final double DEFAULT_WIDTH = 1280;
    public static final double DEFAULT_HEIGHT = 800;

    /**
     * Shows the workbench for {@code config} in {@code stage}, with the AtlantaFX Primer Light theme. The run store is
     * opened by the first run and closed when the stage is hidden or {@link #close()} is called. Call on the FX thread.
     */
    public static MainWindow open(Stage stage, WorkbenchConfig config) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        MainViewModel viewModel = new MainViewModel(config);
        MainView view = new MainView(viewModel);
        Scene scene = new Scene(view, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        scene.getStylesheets().add(
                Objects.requireNonNull(MainWindow.class.getResource("bridle.css"), "bridle.css").toExternalForm());
        scene.getAccelerators().put(MainView.RUN_KEY, viewModel::run);
        scene.getAccelerators().put(MainView.RUN_KEY_ALTERNATIVE, viewModel::run);
        stage.setTitle(TITLE + " — " + config.folder().toAbsolutePath().normalize().getFileName());
        stage.setScene(scene);
        stage.setOnHidden(e -> viewModel.close());
        stage.show();
        return new MainWindow(stage, view, viewModel);
    }

    /** Closes the run store; the stage stays as it is. */
    public void close() {
        viewModel.close();
    }
}
