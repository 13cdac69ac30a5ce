package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import dev.bridle.access.Explanation;
import dev.bridle.access.RuleOutcome;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Harness;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The permissions as a matrix of agents × tools, and a box to try one call. Each cell shows what a call by that agent
 * to that tool gets from the run's own gate: every rule that applies (agent-scoped or not) as a chip with its paths,
 * hosts, program and condition, and what a call no rule matches gets. Its choice sets the cell's own rule (allow, ask,
 * deny, or none), and its folder button edits that rule's path and host globs; every edit shows its effect at once.
 * The "try a call" box decides one call (agent, tool, path, host or command) through the same gate and lists every
 * rule considered, as {@code bridle explain} does.
 */
public final class PermissionMatrixView extends VBox {

    static final String NO_RULE = "—";
    /** Wide enough for a tool name, the choice and two chips side by side. */
    private static final double CELL_WIDTH = 170;

    private final HarnessDocument document;
    private final GridPane grid = new GridPane();
    private final ComboBox<String> defaultEffect = new ComboBox<>();
    private final ComboBox<String> tryAgent = new ComboBox<>();
    private final ComboBox<String> tryTool = new ComboBox<>();
    private final TextField tryPath = new TextField();
    private final TextField tryHost = new TextField();
    private final TextField tryCommand = new TextField();
    private final Label tryDecision = new Label();
    private final Label tryNote = new Label();
    private final VBox tryRules = new VBox(2);
    private PermissionMatrix matrix;
    private Stage window;
    /** The grid's tool and agent headers, kept in view by {@link #pinHeads()}, and how far the grid is scrolled. */
    private List<Node> toolHeads = List.of();
    private List<Node> agentHeads = List.of();
    private Node corner;
    private double scrolledX;
    private double scrolledY;

    /** The matrix as the inspector shows it: the grid, with the "try a call" box folded below it. */
    public PermissionMatrixView(HarnessDocument document) {
        this(document, false);
    }

    /**
     * The matrix of {@code document}; {@code windowed}, it has a window of its own, with the "try a call" box beside
     * the grid, and otherwise a button that opens such a window.
     */
    public PermissionMatrixView(HarnessDocument document, boolean windowed) {
        super(6);
        this.document = document;
        getStyleClass().add("permission-matrix");
        setPadding(new Insets(4, 0, 0, 0));
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(4));
        grid.setId("permission-matrix");
        Label help = new Label("What a call by each agent to each tool gets from the run's own check: every rule that"
                + " applies, with its paths and hosts. A cell's choice sets its own rule.");
        help.setWrapText(true);
        help.setMinHeight(Region.USE_PREF_SIZE);
        help.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        defaultEffect.getItems().setAll("allow", "ask", "deny");
        defaultEffect.setId("permissions-default");
        defaultEffect.getStyleClass().add(Styles.SMALL);
        defaultEffect.setOnAction(e -> Effect.ofWord(defaultEffect.getValue()).ifPresent(effect -> {
            if (document.harness() != null && document.harness().permissions().defaultEffect() != effect) {
                document.execute(PermissionEdits.setDefault(effect));
            }
        }));
        Label defaultLabel = new Label("when no rule matches");
        defaultLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox defaults = new HBox(6, defaultLabel, defaultEffect);
        defaults.setAlignment(Pos.CENTER_LEFT);
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setId("permission-matrix-scroll");
        scroll.setMinHeight(120);
        // The tools' row and the agents' column stay in view as the grid scrolls under them, so that a cell far down
        // or right still says whose call to what it is (a 1024×700 window shows two agents' rows at a time).
        Runnable scrolled = () -> {
            var view = scroll.getViewportBounds();
            scrolledX = scroll.getHvalue() * Math.max(0, grid.getWidth() - view.getWidth());
            scrolledY = scroll.getVvalue() * Math.max(0, grid.getHeight() - view.getHeight());
            pinHeads();
        };
        for (javafx.beans.Observable o : List.of(scroll.hvalueProperty(), scroll.vvalueProperty(),
                scroll.viewportBoundsProperty(), grid.widthProperty(), grid.heightProperty())) {
            o.addListener(x -> scrolled.run());
        }
        if (windowed) {
            VBox top = new VBox(6, help, defaults, scroll);
            VBox.setVgrow(scroll, Priority.ALWAYS);
            ScrollPane tryScroll = new ScrollPane(tryBox(true));
            tryScroll.setFitToWidth(true);
            SplitPane split = new SplitPane(top, tryScroll);
            split.setOrientation(Orientation.VERTICAL);
            split.setDividerPositions(0.5);
            // The box gets the height its call and its rules need, the grid all the rest but never less than half,
            // as the window's height and the rules tried change; once the user drags the divider, it is theirs.
            Node box = tryScroll.getContent();
            boolean[] placing = {false};
            boolean[] dragged = {false};
            Runnable place = () -> {
                double height = split.getHeight();
                if (dragged[0] || height <= 0) {
                    return;
                }
                double need = box.prefHeight(Math.max(0, tryScroll.getViewportBounds().getWidth())) + 6;
                placing[0] = true;
                split.setDividerPositions(Math.max(0.5, 1 - need / height));
                placing[0] = false;
            };
            split.heightProperty().addListener(o -> place.run());
            box.layoutBoundsProperty().addListener(o -> place.run());
            tryRules.getChildren().addListener((javafx.collections.ListChangeListener<Node>) c -> place.run());
            split.getDividers().getFirst().positionProperty().addListener(o -> {
                if (!placing[0] && split.getHeight() > 0 && split.isPressed()) {
                    dragged[0] = true;
                }
            });
            getChildren().add(split);
            VBox.setVgrow(split, Priority.ALWAYS);
        } else {
            // The inspector is narrow: the whole matrix, with room, is one click away in a window of its own.
            Button open = new Button("Open in a window", new FontIcon(Feather.MAXIMIZE_2));
            open.setId("open-permission-matrix");
            open.getStyleClass().addAll(Styles.SMALL);
            open.setOnAction(e -> openWindow());
            // Its width is the inspector's, not the grid's: the grid scrolls inside it.
            scroll.setPrefViewportWidth(300);
            scroll.setPrefViewportHeight(240);
            setMinWidth(0);
            TitledPane tryPane = new TitledPane("Try a call", tryBox(false));
            tryPane.setId("try-a-call-pane");
            tryPane.setExpanded(false);
            getChildren().addAll(open, help, defaults, scroll, tryPane);
            VBox.setVgrow(scroll, Priority.ALWAYS);
        }
        document.harnessProperty().subscribe(this::rebuild);
    }

    /** Shows the matrix of the same document in a window of its own; edits there are edits of the document. */
    private void openWindow() {
        if (window != null) {
            window.toFront();
            return;
        }
        PermissionMatrixView big = new PermissionMatrixView(document, true);
        big.setPadding(new Insets(8));
        Stage stage = new Stage();
        Scene scene = new Scene(big, 760, 520);
        if (getScene() != null) {
            scene.getStylesheets().setAll(getScene().getStylesheets());
            stage.initOwner(getScene().getWindow());
            Window owner = getScene().getWindow();
            stage.setWidth(Math.max(760, Math.min(1200, owner.getWidth() - 80)));
            stage.setHeight(Math.max(520, Math.min(800, owner.getHeight() - 80)));
        }
        stage.setScene(scene);
        stage.titleProperty().bind(document.harnessProperty().map(h -> "Permissions of " + h.name()));
        stage.setOnHidden(e -> window = null);
        // The window belongs to this editor: it goes when the editor is closed.
        sceneProperty().subscribe(s -> {
            if (s == null && window != null) {
                window.hide();
            }
        });
        window = stage;
        stage.show();
    }

    /** The window {@link #openWindow} opened, while it is shown. */
    Stage window() {
        return window;
    }

    private void rebuild(Harness h) {
        grid.getChildren().clear();
        if (h == null) {
            matrix = null;
            return;
        }
        matrix = new PermissionMatrix(h);
        defaultEffect.setValue(h.permissions().defaultEffect().word());
        List<String> tools = matrix.tools();
        Label corner = new Label("agent \\ tool");
        corner.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        grid.add(corner, 0, 0);
        List<Node> toolHeads = new java.util.ArrayList<>();
        for (int c = 0; c < tools.size(); c++) {
            Node head = toolHeader(tools.get(c));
            toolHeads.add(head);
            grid.add(head, c + 1, 0);
        }
        List<Node> agentHeads = new java.util.ArrayList<>();
        List<String> agents = matrix.agents();
        for (int r = 0; r < agents.size(); r++) {
            String agent = agents.get(r);
            Label name = header(agent);
            VBox agentHeader = new VBox(2, name);
            h.agents().get(agent).parent().ifPresent(p -> agentHeader.getChildren().add(muted("subagent of " + p)));
            agentHeads.add(agentHeader);
            grid.add(agentHeader, 0, r + 1);
            for (int c = 0; c < tools.size(); c++) {
                grid.add(cell(matrix.cell(agent, tools.get(c))), c + 1, r + 1);
            }
        }
        // drawn over the cells they stay above (the corner over both), in the order of the grid's children
        for (Node head : toolHeads) {
            head.getStyleClass().add("matrix-head");
            head.toFront();
        }
        for (Node head : agentHeads) {
            head.getStyleClass().add("matrix-head");
            head.toFront();
        }
        corner.getStyleClass().add("matrix-head");
        corner.setMaxHeight(Double.MAX_VALUE);
        corner.setMaxWidth(Double.MAX_VALUE);
        corner.toFront();
        this.toolHeads = List.copyOf(toolHeads);
        this.agentHeads = List.copyOf(agentHeads);
        this.corner = corner;
        pinHeads();
        refreshTryChoices(agents, tools);
        decideTried();
    }

    /** Keeps the tools' row at the top of the view and the agents' column at its left, however far it scrolled. */
    private void pinHeads() {
        for (Node head : toolHeads) {
            head.setTranslateY(scrolledY);
        }
        for (Node head : agentHeads) {
            head.setTranslateX(scrolledX);
        }
        if (corner != null) {
            corner.setTranslateX(scrolledX);
            corner.setTranslateY(scrolledY);
        }
    }

    private Node toolHeader(String tool) {
        VBox box = new VBox(1, header(tool));
        box.setMinWidth(CELL_WIDTH);
        box.setPrefWidth(CELL_WIDTH);
        matrix.touches(tool).ifPresentOrElse(t -> box.getChildren().add(muted(t)),
                () -> box.getChildren().add(muted("checked by name")));
        if (matrix.declared(tool)) {
            box.getChildren().add(muted("declared in tools:"));
        }
        return box;
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private VBox cell(PermissionMatrix.Cell cell) {
        ComboBox<String> own = new ComboBox<>();
        own.getItems().setAll(NO_RULE, "allow", "ask", "deny");
        own.setValue(cell.own().map(Effect::word).orElse(NO_RULE));
        own.setId(cssId("cell-" + cell.agent() + "-" + cell.tool()));
        own.getStyleClass().add(Styles.SMALL);
        own.setPrefWidth(96);
        own.setMinWidth(96);
        own.setTooltip(new Tooltip("This cell's own rule: " + cell.agent() + " calling " + cell.tool()));
        own.setOnAction(e -> {
            String v = own.getValue();
            Optional<Effect> effect = NO_RULE.equals(v) ? Optional.empty() : Effect.ofWord(v);
            if (!effect.equals(cell.own())) {
                document.execute(PermissionEdits.setCell(cell.agent(), cell.tool(), effect));
            }
        });
        Button scope = new Button(null, new FontIcon(Feather.FOLDER));
        scope.setId(cssId("scope-" + cell.agent() + "-" + cell.tool()));
        scope.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        scope.setDisable(cell.own().isEmpty());
        scope.setTooltip(new Tooltip(cell.own().isEmpty() ? "choose an effect first, then limit it to paths or hosts"
                : cell.paths().isEmpty() && cell.hosts().isEmpty() ? "any path, any host: click to limit"
                : "paths " + cell.paths() + ", hosts " + cell.hosts()));
        scope.setOnAction(e -> editScope(cell));
        Label effective = new Label(cell.summary());
        effective.setId(cssId("effective-" + cell.agent() + "-" + cell.tool()));
        effective.getStyleClass().addAll("effective", "effect-" + headline(cell).word());
        effective.setWrapText(true);
        effective.setMinHeight(Region.USE_PREF_SIZE);
        effective.setTooltip(new Tooltip(cell.explanation()));
        HBox choice = new HBox(2, own, scope);
        choice.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(3, choice, effective);
        box.setId(cssId("matrix-" + cell.agent() + "-" + cell.tool()));
        box.getStyleClass().add("matrix-cell");
        if (!cell.offered()) {
            box.getStyleClass().add("not-offered");
        }
        box.setMinWidth(CELL_WIDTH);
        box.setPrefWidth(CELL_WIDTH);
        box.setMaxWidth(CELL_WIDTH);
        for (PermissionMatrix.Grant g : cell.grants()) {
            box.getChildren().add(grantChips(g, cell.offered()));
        }
        if (!cell.grants().isEmpty() && cell.grants().stream().noneMatch(PermissionMatrix.Grant::unscoped)) {
            box.getChildren().add(new FlowPane(4, 3, chip("else " + cell.otherwise().word(),
                    "effect-" + cell.otherwise().word()), chip("default", "rule-chip")));
        }
        return box;
    }

    /** The colour of a cell's summary: deny when not offered, else the gate's result or the strongest grant. */
    private static Effect headline(PermissionMatrix.Cell cell) {
        if (!cell.offered()) {
            return Effect.DENY;
        }
        if (cell.unscopedEffect().isPresent()) {
            return cell.unscopedEffect().get();
        }
        return cell.grants().stream().map(PermissionMatrix.Grant::effect).filter(e -> e != cell.otherwise())
                .findFirst().orElse(cell.otherwise());
    }

    private static FlowPane grantChips(PermissionMatrix.Grant g, boolean offered) {
        FlowPane chips = new FlowPane(4, 3);
        chips.setPrefWrapLength(CELL_WIDTH);
        chips.getStyleClass().add("grant");
        if (!offered) {
            chips.setOpacity(0.55);
        }
        chips.getChildren().add(chip(g.effect().word(), "effect-" + g.effect().word()));
        Label rule = chip(g.rule(), "rule-chip");
        rule.setId(null);
        chips.getChildren().add(rule);
        g.program().ifPresent(p -> chips.getChildren().add(chip("program " + p, "scope-chip")));
        g.paths().forEach(p -> chips.getChildren().add(chip(p, "scope-chip", "path-chip")));
        g.hosts().forEach(h -> chips.getChildren().add(chip(h, "scope-chip", "host-chip")));
        g.when().ifPresent(w -> {
            Label when = chip("when …", "scope-chip");
            when.setTooltip(new Tooltip(w));
            chips.getChildren().add(when);
        });
        return chips;
    }

    private static Label chip(String text, String... classes) {
        Label l = new Label(text);
        l.getStyleClass().add("matrix-chip");
        l.getStyleClass().addAll(classes);
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.setMaxWidth(CELL_WIDTH);
        return l;
    }

    private VBox tryBox(boolean wide) {
        Label title = new Label("Try a call");
        title.getStyleClass().add(Styles.TITLE_4);
        tryAgent.setId("try-agent");
        tryTool.setId("try-tool");
        tryTool.setEditable(true);
        tryPath.setId("try-path");
        tryPath.setPromptText("docs/guide.md");
        tryHost.setId("try-host");
        tryHost.setPromptText("docs.example.com or a URL");
        tryCommand.setId("try-command");
        tryCommand.setPromptText("ls docs");
        tryDecision.setId("try-decision");
        tryDecision.setWrapText(true);
        tryDecision.setMinHeight(Region.USE_PREF_SIZE);
        tryDecision.getStyleClass().addAll("effective", Styles.TEXT_BOLD);
        tryNote.setId("try-note");
        tryNote.setWrapText(true);
        tryNote.setMinHeight(Region.USE_PREF_SIZE);
        tryNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        tryRules.setId("try-rules");
        for (ComboBox<String> c : List.of(tryAgent, tryTool)) {
            c.setMaxWidth(Double.MAX_VALUE);
            c.valueProperty().subscribe(v -> decideTried());
        }
        // An editable combo commits its text on Enter or focus loss; the editor's text is what is being tried.
        tryTool.getEditor().textProperty().subscribe(v -> decideTried());
        for (TextField f : List.of(tryPath, tryHost, tryCommand)) {
            f.textProperty().subscribe(v -> decideTried());
        }
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(4);
        form.addRow(0, new Label("agent"), tryAgent);
        form.addRow(1, new Label("tool"), tryTool);
        form.addRow(2, new Label("path"), tryPath);
        form.addRow(3, new Label("host"), tryHost);
        form.addRow(4, new Label("command"), tryCommand);
        GridPane.setHgrow(tryAgent, Priority.ALWAYS);
        GridPane.setHgrow(tryTool, Priority.ALWAYS);
        GridPane.setHgrow(tryPath, Priority.ALWAYS);
        Label considered = new Label("Every rule considered");
        considered.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox result = new VBox(6, tryDecision, tryNote, considered, tryRules);
        VBox box;
        if (wide) {
            // Beside each other: the call on the left, what the gate made of it on the right.
            form.setPrefWidth(380);
            form.setMinWidth(300);
            HBox both = new HBox(16, form, result);
            HBox.setHgrow(result, Priority.ALWAYS);
            box = new VBox(6, title, both);
        } else {
            box = new VBox(6, form, result);
        }
        box.setId("try-a-call");
        box.setPadding(new Insets(6));
        return box;
    }

    private void refreshTryChoices(List<String> agents, List<String> tools) {
        String agent = tryAgent.getValue();
        String tool = tryTool.getEditor().getText();
        tryAgent.getItems().setAll(agents);
        tryTool.getItems().setAll(tools);
        tryAgent.setValue(agent != null && agents.contains(agent) ? agent : agents.isEmpty() ? null : agents.getFirst());
        if (tool == null || tool.isBlank()) {
            tryTool.setValue(tools.isEmpty() ? null : tools.getFirst());
        }
    }

    /** Decides the call in the box through the gate of the harness as it is now. */
    private void decideTried() {
        String agent = tryAgent.getValue();
        String tool = tryTool.getEditor().getText();
        tryRules.getChildren().clear();
        tryDecision.getStyleClass().removeIf(s -> s.startsWith("effect-"));
        if (matrix == null || agent == null || tool == null || tool.isBlank()) {
            tryDecision.setText("Choose an agent and a tool.");
            tryNote.setText("");
            return;
        }
        PermissionMatrix.Tried tried = matrix.tryCall(new PermissionMatrix.TryCall(agent, tool.strip(),
                tryPath.getText(), tryHost.getText(), tryCommand.getText()));
        var d = tried.decision();
        Explanation x = tried.explanation();
        // The gate's own words when it refused after the rules (a loopback host), the check's reason otherwise.
        String why = x.decision().rule().equals(d.rule()) ? x.decision().reason() : d.resource();
        tryDecision.setText(d.effect().word() + " by " + d.rule() + " (" + why + ")");
        tryDecision.getStyleClass().add("effect-" + d.effect().word());
        tryNote.setText(("call: " + tried.call().tool() + " " + tried.call().args()) + (tried.note().isEmpty() ? ""
                : "\n" + tried.note()));
        if (x.rules().isEmpty()) {
            Label none = muted("no rule was considered: the call was refused before the rules");
            // wrapped: in the narrow inspector it would otherwise widen the box past the pane's edge
            none.setWrapText(true);
            none.setMinWidth(0);
            none.setMinHeight(Region.USE_PREF_SIZE);
            tryRules.getChildren().add(none);
        }
        for (RuleOutcome o : x.rules()) {
            Label effect = chip(o.effect().word(), "effect-" + o.effect().word());
            Label rule = chip(o.rule(), "rule-chip");
            Label status = new Label(o.status().words() + (o.detail().isEmpty() ? "" : " (" + o.detail() + ")"));
            status.setWrapText(true);
            status.getStyleClass().add(Styles.TEXT_SMALL);
            if (o.counts()) {
                status.getStyleClass().add(Styles.TEXT_BOLD);
            } else {
                status.getStyleClass().add(Styles.TEXT_MUTED);
            }
            FlowPane line = new FlowPane(4, 2, effect, rule, status);
            line.getStyleClass().add("considered");
            line.setId(cssId("considered-" + o.rule()));
            tryRules.getChildren().add(line);
        }
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
