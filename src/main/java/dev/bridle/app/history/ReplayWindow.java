package dev.bridle.app.history;

import dev.bridle.store.RunSummary;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * History › Replay the selection under…: asks for a harness file, then shows the replay's summary in a window of its
 * own beside History (not modal, so that History's comparison panes stay usable while rows are clicked).
 */
public final class ReplayWindow {

    private ReplayWindow() {}

    /** Asks for a harness and replays {@code selection} under it; nothing happens when the user cancels. */
    public static void chooseAndShow(Window owner, Path folder, ReplayViewModel model, List<RunSummary> selection) {
        if (selection.isEmpty()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Replay " + selection.size() + " run(s) under…");
        chooser.setInitialDirectory(folder.toFile().isDirectory() ? folder.toFile() : null);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Harnesses", "*.harness.yaml",
                "*.harness.yml", "*.harness.json"));
        File file = chooser.showOpenDialog(owner);
        if (file == null) {
            return;
        }
        show(owner, model).setTitle("What if: " + selection.size() + " run(s) under " + file.getName());
        model.replay(selection, file.toPath());
    }

    /** The window of {@code model}'s summary. */
    static Stage show(Window owner, ReplayViewModel model) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setScene(new Scene(new ReplayView(model), 1100, 420));
        stage.show();
        return stage;
    }
}
