package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.app.editor.EdgeRef;
import dev.bridle.app.editor.EditorView;
import dev.bridle.app.editor.FieldEditor;
import dev.bridle.app.editor.Port;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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

/** Click-through flows in the editor, headless: building, checking and deleting by hand. */
@ExtendWith(ApplicationExtension.class)
class EditorWindowTest {

    @TempDir
    Path temp;

    private Stage stage;
    private MainWindow window;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
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

    private Path open(FxRobot robot) throws Exception {
        Path folder = Folders.copyOfSamples(temp.resolve("project"));
        WorkbenchConfig config = new WorkbenchConfig(folder, RunStore.fileUrl(temp.resolve("runs")),
                "compounding-error.harness.yaml");
        robot.interact(() -> window = MainWindow.open(stage, config, dialogs, new WorkbenchPrefs(prefsNode)));
        return folder;
    }

    private EditorView editor() {
        return window.view().documents().current();
    }

    private <T extends Node> T inEditor(FxRobot robot, String query) {
        return robot.from(editor()).lookup(query).query();
    }

    @Test
    void harnessBuiltByClicksSavesAndReadsBackAsBuilt(FxRobot robot) throws Exception {
        open(robot);
        robot.clickOn("File").clickOn("New");
        assertThat(editor().model().harness().workflow().nodes()).isEmpty();

        // the first node comes with an end to lead to ('done'), and the checkpoint leads there too
        robot.clickOn((Node) inEditor(robot, "#palette-agent"));
        robot.clickOn((Node) inEditor(robot, "#palette-checkpoint"));
        robot.clickOn((Node) inEditor(robot, "#fit"));
        robot.drag((Node) inEditor(robot, "#port-agent-next")).dropTo((Node) inEditor(robot, "#node-checkpoint"));

        robot.clickOn((Node) inEditor(robot, "#tab-guards"));
        robot.clickOn((Node) inEditor(robot, "#add-guard")).clickOn("steps");
        robot.clickOn((Node) inEditor(robot, "#tab-permissions"));
        ComboBox<String> cell = inEditor(robot, "#cell-assistant-fs_read");
        robot.clickOn(cell).clickOn("allow");

        Harness built = editor().model().harness();
        assertThat(EdgeRef.all(built)).containsExactly(new EdgeRef("agent", Port.NEXT, "checkpoint"),
                new EdgeRef("checkpoint", Port.NEXT, "done"));
        assertThat(editor().model().document().problems()).noneMatch(p -> p.severity()
                == dev.bridle.policy.Problem.Severity.ERROR);
        assertThat(built.guards()).singleElement().isInstanceOf(GuardSpec.Steps.class);
        assertThat(built.permissions().rules()).singleElement().satisfies(r -> assertThat(r.tool()).isEqualTo("fs.read"));
        assertThat(robot.from(editor()).lookup("#effective-assistant-fs_read").queryAs(Label.class).getText())
                .isEqualTo("→ allow");
        assertThat(window.view().documents().getSelectionModel().getSelectedItem().getText())
                .endsWith(DocumentTabs.DIRTY_MARK);

        dialogs.saveTo = temp.resolve("built.harness.yaml");
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);

        assertThat(HarnessReader.read(dialogs.saveTo).harness()).isEqualTo(built);
        assertThat(window.view().documents().getSelectionModel().getSelectedItem().getText())
                .isEqualTo("built.harness.yaml");
    }

    @Test
    void closedSidePanesGiveTheCanvasRoomAndStayClosedInTheNextWindow(FxRobot robot) throws Exception {
        Path folder = open(robot);
        Node list = robot.lookup("#harnesses").query();
        double before = editor().canvas().getWidth();

        robot.clickOn((Node) inEditor(robot, "#toggle-harness-list"));
        robot.clickOn((Node) inEditor(robot, "#toggle-inspector"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(list.getScene()).isNull();
        assertThat(editor().inspector().getScene()).isNull();
        assertThat(editor().canvas().getWidth()).isGreaterThan(before + 300);
        assertThat(prefsNode.getBoolean("pane.harnessList", true)).isFalse();
        assertThat(prefsNode.getBoolean("pane.inspector", true)).isFalse();

        robot.interact(window::close);
        WorkbenchConfig again = new WorkbenchConfig(folder, RunStore.fileUrl(temp.resolve("runs")),
                "compounding-error.harness.yaml");
        robot.interact(() -> window = MainWindow.open(stage, again, dialogs, new WorkbenchPrefs(prefsNode)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#harnesses").tryQuery()).isEmpty();
        assertThat(editor().inspector().getScene()).isNull();

        robot.clickOn((Node) inEditor(robot, "#toggle-inspector"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(editor().inspector().getScene()).isNotNull();
    }

    @Test
    void aTypeErrorInAConditionIsUnderlinedWithItsMessageAndClearsWhenFixed(FxRobot robot) throws Exception {
        open(robot);
        robot.clickOn((Node) inEditor(robot, "#node-verify"));
        TextField condition = inEditor(robot, "#field-condition");

        robot.clickOn(condition).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL)
                .write("steps == 'many'");

        assertThat(condition.getStyleClass()).contains(FieldEditor.ERROR);
        FieldEditor editor = (FieldEditor) condition.getParent().getUserData();
        assertThat(editor.message()).contains("column").containsIgnoringCase("overload");

        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("steps == 12");

        assertThat(condition.getStyleClass()).doesNotContain(FieldEditor.ERROR);
        assertThat(editor.message()).isEmpty();
    }

    @Test
    void deletingANodeWithTheKeyRemovesItsEdgesAndUndoRestoresThem(FxRobot robot) throws Exception {
        open(robot);
        Harness before = editor().model().harness();

        robot.clickOn((Node) inEditor(robot, "#node-verify")).type(KeyCode.DELETE);

        assertThat(editor().model().harness().workflow().nodes()).doesNotContainKey("verify");
        assertThat(EdgeRef.all(editor().model().harness())).noneMatch(e -> e.to().equals("verify"));
        assertThat(robot.from(editor()).lookup("#node-verify").tryQuery()).isEmpty();

        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);

        assertThat(editor().model().harness()).isEqualTo(before);
        assertThat(robot.from(editor()).lookup("#node-verify").tryQuery()).isPresent();
    }

    @Test
    void editingTheSourceRedrawsTheGraph(FxRobot robot) throws Exception {
        open(robot);
        robot.clickOn((Node) inEditor(robot, "#tab-source"));
        javafx.scene.control.TextArea source = inEditor(robot, "#source");

        robot.interact(() -> source.replaceText(source.getText().indexOf("done-with-review: { end"),
                source.getText().indexOf("done-with-review: { end"), "extra: { end: failed }\n    "));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> editor().model().harness().workflow().nodes().containsKey("extra"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.from(editor()).lookup("#node-extra").tryQuery()).isPresent();
        assertThat(Files.readString(window.viewModel().selectedHarnessProperty().get())).doesNotContain("extra");
    }
}
