package dev.bridle.app;

import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The Bridle workbench application. Parameters: {@code --folder=PATH} (default {@code sample-policies}) and
 * {@code --db=JDBC_URL} (default: the {@code BRIDLE_DB} environment variable, then the store in the user's data
 * folder).
 */
public final class BridleApp extends Application {

    private MainWindow window;

    @Override
    public void start(Stage stage) {
        window = MainWindow.open(stage, WorkbenchConfig.fromParameters(getParameters().getNamed(), System::getenv));
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
    }

    public static void main(String[] args) {
        launch(BridleApp.class, args);
    }
}
