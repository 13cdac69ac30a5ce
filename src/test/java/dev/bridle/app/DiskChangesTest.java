package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.app.editor.EditorView;
import dev.bridle.app.editor.HarnessDocument;
import dev.bridle.app.editor.HarnessEdits;
import dev.bridle.app.editor.Harnesses;
import dev.bridle.store.RunStore;
import dev.bridle.watch.FileWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.prefs.Preferences;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Files of open documents changed or deleted by another program while the window is open, headless. */
@ExtendWith(ApplicationExtension.class)
class DiskChangesTest {

    private static final String CHANGED = "compounding-error.harness.yaml changed on disk";

    @TempDir
    Path temp;

    private Stage stage;
    private MainWindow window;
    private Path file;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final AtomicInteger focusChanges = new AtomicInteger();
    private final Preferences prefsNode = new MemoryPreferences().node("dev/bridle/test");

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void closeWindow(FxRobot robot) throws Exception {
        if (window != null) {
            robot.interact(window::close);
        }
        prefsNode.removeNode();
    }

    private void open(FxRobot robot) throws Exception {
        Path folder = Folders.copyOfSamples(temp.resolve("project"));
        file = folder.resolve("compounding-error.harness.yaml");
        WorkbenchConfig config = new WorkbenchConfig(folder, RunStore.fileUrl(temp.resolve("runs")),
                "compounding-error.harness.yaml");
        robot.interact(() -> {
            window = MainWindow.open(stage, config, dialogs, new WorkbenchPrefs(prefsNode));
            stage.focusedProperty().addListener((o, was, now) -> focusChanges.incrementAndGet());
        });
        assertThat(watch().watches(file)).isTrue();
    }

    private FileWatch watch() {
        return window.files().orElseThrow();
    }

    private HarnessDocument document() {
        EditorView editor = window.view().documents().current();
        return editor.model().document();
    }

    private void waitUntilAsked(String what) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> dialogs.asked.stream().anyMatch(a -> a.startsWith(what)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Another program's version of the file: the same harness with another description. */
    private String otherVersion() throws Exception {
        return Files.readString(file).replace("An intermediate mistake must not compound.", "Edited elsewhere.");
    }

    @Test
    void aChangeByAnotherProgramIsOfferedAndReloadedWithoutTheWindowGettingTheFocus(FxRobot robot) throws Exception {
        open(robot);
        String other = otherVersion();

        Files.writeString(file, other);
        waitUntilAsked(CHANGED);

        assertThat(document().sourceProperty().get()).isEqualTo(other);
        assertThat(document().harness().description()).startsWith("Edited elsewhere.");
        assertThat(document().isDirty()).isFalse();
        assertThat(dialogs.asked).containsExactly(CHANGED);
        assertThat(focusChanges).hasValue(0);
    }

    @Test
    void theWorkbenchsOwnSaveIsNotOfferedForReload(FxRobot robot) throws Exception {
        open(robot);
        robot.interact(() -> document().execute(HarnessEdits.replaceAll(
                Harnesses.withDescription(document().harness(), "Saved by the workbench."))));
        long before = watch().bursts();

        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        assertThat(Files.readString(file)).contains("Saved by the workbench.");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> watch().bursts() > before);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(dialogs.asked).isEmpty();
        assertThat(document().isDirty()).isFalse();

        // The watch goes on after the workbench's own save: the next change from elsewhere is offered.
        Files.writeString(file, Files.readString(file) + "# edited elsewhere\n");
        waitUntilAsked(CHANGED);
        assertThat(dialogs.asked).containsExactly(CHANGED);
    }

    @Test
    void aDeletedFileIsReportedAndItsTextStaysOpenAsUnsavedWork(FxRobot robot) throws Exception {
        open(robot);
        String text = document().sourceProperty().get();

        Files.delete(file);
        waitUntilAsked("inform compounding-error.harness.yaml was deleted");

        assertThat(window.view().documents().getTabs()).hasSize(1);
        assertThat(document().sourceProperty().get()).isEqualTo(text);
        assertThat(document().isDirty()).isTrue();
        assertThat(window.view().documents().getSelectionModel().getSelectedItem().getText())
                .endsWith(DocumentTabs.DIRTY_MARK);
        assertThat(focusChanges).hasValue(0);
    }

    @Test
    void aDeclinedReloadKeepsTheTextAsUnsavedAndIsNotAskedAgainOnFocus(FxRobot robot) throws Exception {
        open(robot);
        String mine = document().sourceProperty().get();
        dialogs.answer = false;

        Files.writeString(file, otherVersion());
        waitUntilAsked(CHANGED);
        robot.interact(() -> window.view().documents().checkDisk());

        assertThat(dialogs.asked).containsExactly(CHANGED);
        assertThat(document().sourceProperty().get()).isEqualTo(mine);
        assertThat(document().isDirty()).isTrue();
    }

    @Test
    void closingATabStopsWatchingItsFile(FxRobot robot) throws Exception {
        open(robot);
        robot.interact(() -> window.view().documents().closeCurrent());
        assertThat(watch().watches(file)).isFalse();
    }
}
