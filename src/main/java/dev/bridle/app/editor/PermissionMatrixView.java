package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Harness;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The permissions as a matrix of agents × tools. Each cell chooses allow, ask or deny (or no rule of its own) and
 * shows what a call actually gets, by the run's own permission check, with a subagent held to its parent; the
 * folder button of a cell edits the path and host globs of its rule.
 */
public final class PermissionMatrixView extends VBox {

    static final String NO_RULE = "—";

    private final HarnessDocument document;
    private final GridPane grid = new GridPane();

    public PermissionMatrixView(HarnessDocument document) {
        super(6);
        this.document = document;
        getStyleClass().add("permission-matrix");
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(4));
        grid.setId("permission-matrix");
        Label help = new Label("Each cell: the rule for that agent and tool (— for none), and what a call gets.");
        help.setWrapText(true);
        help.getStyleClass().add(Styles.TEXT_MUTED);
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        getChildren().addAll(help, scroll);
        document.harnessProperty().subscribe(this::rebuild);
    }

    private void rebuild(Harness h) {
        grid.getChildren().clear();
        if (h == null) {
            return;
        }
        PermissionMatrix matrix = new PermissionMatrix(h);
        List<String> tools = matrix.tools();
        grid.add(header("agent \\ tool"), 0, 0);
        for (int c = 0; c < tools.size(); c++) {
            grid.add(header(tools.get(c)), c + 1, 0);
        }
        List<String> agents = matrix.agents();
        for (int r = 0; r < agents.size(); r++) {
            String agent = agents.get(r);
            String parent = h.agents().get(agent).parent().map(p -> " ⊂ " + p).orElse("");
            grid.add(header(agent + parent), 0, r + 1);
            for (int c = 0; c < tools.size(); c++) {
                grid.add(cell(matrix.cell(agent, tools.get(c))), c + 1, r + 1);
            }
        }
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }

    private VBox cell(PermissionMatrix.Cell cell) {
        ComboBox<String> own = new ComboBox<>();
        own.getItems().setAll(NO_RULE, "allow", "ask", "deny");
        own.setValue(cell.own().map(Effect::word).orElse(NO_RULE));
        own.setId(cssId("cell-" + cell.agent() + "-" + cell.tool()));
        own.getStyleClass().add(Styles.SMALL);
        own.setOnAction(e -> {
            String v = own.getValue();
            Optional<Effect> effect = NO_RULE.equals(v) ? Optional.empty() : Effect.ofWord(v);
            if (!effect.equals(cell.own())) {
                document.execute(PermissionEdits.setCell(cell.agent(), cell.tool(), effect));
            }
        });
        Button scope = new Button(null, new FontIcon(Feather.FOLDER));
        scope.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        scope.setDisable(cell.own().isEmpty());
        scope.setTooltip(new Tooltip(cell.paths().isEmpty() && cell.hosts().isEmpty() ? "any path, any host"
                : "paths " + cell.paths() + ", hosts " + cell.hosts()));
        scope.setOnAction(e -> editScope(cell));
        Label effective = new Label("→ " + cell.effective().word() + (cell.limitedByParent() ? " (parent)" : ""));
        effective.setId(cssId("effective-" + cell.agent() + "-" + cell.tool()));
        effective.getStyleClass().addAll("effective", "effect-" + cell.effective().word());
        effective.setTooltip(new Tooltip(cell.explanation()));
        return new VBox(2, new HBox(2, own, scope), effective);
    }

    /** An id a CSS selector can name: {@code cell-coder-fs_read} for the tool {@code fs.read}. */
    static String cssId(String text) {
        return text.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private void editScope(PermissionMatrix.Cell cell) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Paths and hosts of " + cell.tool() + " for " + cell.agent());
        TextField paths = new TextField(String.join(", ", cell.paths()));
        paths.setPromptText("workspace/src/**, docs/*.md");
        TextField hosts = new TextField(String.join(", ", cell.hosts()));
        hosts.setPromptText("api.example.com, *.internal");
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("path globs"), paths);
        form.addRow(1, new Label("host globs"), hosts);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        if (getScene() != null) {
            dialog.initOwner(getScene().getWindow());
        }
        dialog.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> document.execute(
                PermissionEdits.setCellScope(cell.agent(), cell.tool(), Form.split(paths.getText()),
                        Form.split(hosts.getText()))));
    }
}
