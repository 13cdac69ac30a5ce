package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.app.editor.EditorView;
import dev.bridle.policy.Effect;
import dev.bridle.store.RunStore;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The permission matrix of over-trusted-agent in the real window, headless: what it shows, edits and tries. */
@ExtendWith(ApplicationExtension.class)
class PermissionMatrixWindowTest {

    @TempDir
    Path temp;

    private Stage stage;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void closeWindow(FxRobot robot) {
        if (window != null) {
            robot.interact(window::close);
        }
        robot.interact(() -> List.copyOf(Window.getWindows()).stream().filter(w -> w != stage).forEach(Window::hide));
    }

    private EditorView openOverTrusted(FxRobot robot) throws Exception {
        Path folder = Folders.copyOfSamples(temp.resolve("project"));
        WorkbenchConfig config = new WorkbenchConfig(folder, RunStore.fileUrl(temp.resolve("runs")),
                "over-trusted-agent.harness.yaml");
        robot.interact(() -> {
            window = MainWindow.open(stage, config, new ScriptedDialogs(),
                    new WorkbenchPrefs(new MemoryPreferences().node("dev/bridle/test")));
        });
        EditorView editor = window.view().documents().current();
        robot.interact(() -> {
            TabPane inspector = (TabPane) editor.lookup("#inspector");
            inspector.getSelectionModel().select(inspector.getTabs().stream()
                    .filter(t -> "tab-permissions".equals(t.getId())).findFirst().orElseThrow());
        });
        WaitForAsyncUtils.waitForFxEvents();
        return editor;
    }

    private static String text(FxRobot robot, Node root, String id) {
        return robot.from(root).lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void cellsShowRulesThatNameNoAgentAndAnEditShowsItsEffectAtOnceAndUndoes(FxRobot robot) throws Exception {
        EditorView editor = openOverTrusted(robot);

        // read-docs names no agent; the cell used to say "→ deny" although the gate allows docs/**
        assertThat(text(robot, editor, "#effective-assistant-fs_read")).isEqualTo("→ allow in scope, else deny");
        List<String> chips = robot.from(editor).lookup("#matrix-assistant-fs_read .matrix-chip").queryAll().stream()
                .map(n -> ((Label) n).getText()).toList();
        assertThat(chips).containsSubsequence("allow", "read-docs", "docs/**", "deny", "no-secrets", "**/.env");
        // the tool declared in tools: is a column, with what it reads
        assertThat(robot.from(editor).lookup("#matrix-assistant-read_file").tryQuery()).isPresent();
        Label agent = robot.from(editor).lookup("#permission-matrix .label").match(
                n -> "assistant".equals(((Label) n).getText())).queryAs(Label.class);
        assertThat(agent.getWidth()).as("the agent's name is not cut to …").isGreaterThanOrEqualTo(
                agent.prefWidth(-1) - 0.5);

        String before = editor.model().document().harness().toString();
        ComboBox<String> cell = robot.from(editor).lookup("#cell-assistant-http_get").queryComboBox();
        robot.interact(() -> cell.setValue("deny"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(editor.model().harness().permissions().rules()).anySatisfy(r -> {
            assertThat(r.tool()).isEqualTo("http.get");
            assertThat(r.agents()).containsExactly("assistant");
            assertThat(r.effect()).isEqualTo(Effect.DENY);
        });
        assertThat(text(robot, editor, "#effective-assistant-http_get")).isEqualTo("→ deny");
        assertThat(editor.model().document().problems()).isEmpty();

        robot.interact(() -> editor.model().undo());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(editor.model().document().harness().toString()).isEqualTo(before);
        assertThat(text(robot, editor, "#effective-assistant-http_get")).isEqualTo("→ allow in scope, else deny");
    }

    @Test
    void tryingACallShowsTheGatesDecisionAndEveryRuleConsidered(FxRobot robot) throws Exception {
        EditorView editor = openOverTrusted(robot);
        robot.clickOn((Node) robot.from(editor).lookup("#open-permission-matrix").query());
        WaitForAsyncUtils.waitForFxEvents();
        Stage matrix = (Stage) Window.getWindows().stream().filter(w -> w != stage && w.isShowing()).findFirst()
                .orElseThrow();
        Node root = matrix.getScene().getRoot();
        assertThat(matrix.getTitle()).isEqualTo("Permissions of over-trusted-agent");

        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> tool = (ComboBox<String>) root.lookup("#try-tool");
            tool.setValue("fs.read");
        });
        robot.clickOn(root.lookup("#try-path")).write("docs/secrets/token.txt");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(((Label) root.lookup("#try-decision")).getText()).isEqualTo("deny by no-secrets (rule matched)");
        List<String> considered = robot.from(root).lookup("#try-rules .considered").queryAll().stream()
                .map(Node::getId).toList();
        assertThat(considered).hasSize(8).startsWith("considered-read-docs").contains("considered-no-secrets");

        robot.interact(() -> ((TextField) root.lookup("#try-path")).setText("docs/guide.md"));
        assertThat(((Label) root.lookup("#try-decision")).getText()).isEqualTo("allow by read-docs (rule matched)");

        // an edit in the matrix's window is an edit of the document, and the box decides again at once
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> cell = (ComboBox<String>) root.lookup("#cell-assistant-fs_read");
            cell.setValue("ask");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(((Label) root.lookup("#try-decision")).getText()).startsWith("ask by assistant-fs-read");
        assertThat(editor.model().harness().permissions().rules()).extracting(r -> r.id())
                .contains("assistant-fs-read");
    }
}
