package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import dev.bridle.policy.Harness;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * One open document: the palette on the left, the graph (or its YAML source) in the middle with the problems under
 * it, and the inspector on the right.
 */
public final class EditorView extends BorderPane {

    /** Narrower than this, the editor is compact: see {@link #compactProperty()}. */
    public static final double COMPACT_BELOW = 900;
    private static final double PALETTE_WIDTH = 150;
    private static final double COMPACT_PALETTE_WIDTH = 116;
    private static final double INSPECTOR_WIDTH = 340;
    private static final double COMPACT_INSPECTOR_WIDTH = 280;
    private static final PseudoClass COMPACT = PseudoClass.getPseudoClass("compact");

    private final ReadOnlyBooleanWrapper compact = new ReadOnlyBooleanWrapper(this, "compact");
    private final java.util.List<ToggleButton> switchButtons = new java.util.ArrayList<>();
    private final EditorViewModel model;
    private final GraphCanvas canvas;
    private final SourceView source;
    private final InspectorView inspector;
    private final TabPane views = new TabPane();
    private final Tab graphTab;
    private final Tab sourceTab;
    /** The harness before and after the last add from the palette, and the view before it, for its undo. */
    private Harness addedFrom;
    private Harness addedTo;
    private GraphCanvas.View viewBeforeAdd;
    private final GuardInPlace guardEditor;
    private final EditorPanes panes;
    private final RunStrip runStrip;

    public EditorView(EditorViewModel model, Executor background) {
        this(model, background, new EditorPanes());
    }

    /** An editor whose side panes open and close with the window's {@code panes}. */
    public EditorView(EditorViewModel model, Executor background, EditorPanes panes) {
        this.model = model;
        this.panes = panes;
        getStyleClass().add("editor-view");
        canvas = new GraphCanvas(model);
        canvas.setId("canvas");
        source = new SourceView(model.document(), background);
        inspector = new InspectorView(model);

        Label empty = new Label("The source does not read: fix it in the Source tab (problems below)");
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, "canvas-placeholder");
        empty.visibleProperty().bind(model.document().harnessProperty().isNull());
        empty.setMouseTransparent(true);
        guardEditor = new GuardInPlace(model);
        canvas.setOnGuardChip(guardEditor::open);
        runStrip = new RunStrip(model, guardEditor);
        StackPane.setAlignment(runStrip, javafx.geometry.Pos.TOP_LEFT);
        runStrip.setMaxHeight(Region.USE_PREF_SIZE);
        runStrip.setMaxWidth(Region.USE_PREF_SIZE);
        // the strip lies over the canvas's top; the graph is fitted below it, and it never grows wider than the canvas
        runStrip.prefWrapLengthProperty().bind(canvas.widthProperty().subtract(40));
        canvas.topInsetProperty().bind(runStrip.heightProperty());
        StackPane graphPane = new StackPane(canvas, empty, runStrip);
        VBox.setVgrow(graphPane.getChildren().getLast(), Priority.ALWAYS);
        graphTab = new Tab("Graph", graphPane);
        sourceTab = new Tab("Source");
        LazyTab.content(sourceTab, source);
        views.getTabs().addAll(graphTab, sourceTab);
        views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        views.getStyleClass().add("view-switch");
        sourceTab.setOnSelectionChanged(e -> {
            if (!sourceTab.isSelected()) {
                source.readNow();
            }
        });

        ProblemsView problems = new ProblemsView(model);
        VBox viewsWithBar = new VBox(graphBar(), views);
        VBox.setVgrow(views, Priority.ALWAYS);
        SplitPane centre = new SplitPane(viewsWithBar, problems);
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.86);
        SplitPane.setResizableWithParent(problems, false);

        PaletteView palette = new PaletteView(kind -> {
            GraphCanvas.View before = canvas.view();
            Harness was = model.harness();
            String id = model.addNode(kind, model.spotNear(canvas.viewCentre()));
            if (id != null) {
                canvas.reveal(id);
                // undo of this add puts the view back as it was, whether or not the add moved it
                addedFrom = was;
                addedTo = model.harness();
                viewBeforeAdd = before;
            }
            canvas.requestFocus();
        }, kind -> {
            // a click adds the guard to the selected agent node, else to the whole run
            String node = model.selection().singleNode();
            boolean onAgent = node != null && model.harness() != null
                    && model.harness().workflow().nodes().get(node) instanceof dev.bridle.policy.Node.AgentNode;
            model.addGuard(kind, onAgent ? node : null);
            canvas.requestFocus();
        });
        model.document().harnessProperty().addListener((o, was, now) -> {
            if (was != null && was == addedTo && now == addedFrom) {
                canvas.setView(viewBeforeAdd);
            }
        });
        palette.setMinWidth(PALETTE_WIDTH);
        palette.setPrefWidth(PALETTE_WIDTH);
        javafx.scene.control.ScrollPane paletteScroll = new javafx.scene.control.ScrollPane(palette);
        paletteScroll.setFitToWidth(true);
        paletteScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        paletteScroll.getStyleClass().add("palette-scroll");
        inspector.setMinWidth(INSPECTOR_WIDTH);
        SplitPane main = new SplitPane(centre, inspector);
        main.setDividerPositions(0.64);
        SplitPane.setResizableWithParent(inspector, false);
        panes.inspectorProperty().subscribe(shown -> {
            if (shown && !main.getItems().contains(inspector)) {
                main.getItems().add(inspector);
                main.setDividerPositions(0.64);
            } else if (!shown) {
                main.getItems().remove(inspector);
            }
        });
        setLeft(paletteScroll);
        setCenter(main);
        // A narrow editor (a 1024×700 window) gives the canvas the room: a narrower palette in smaller type, a
        // narrower inspector, and the Graph/Source switch as icons, so that the canvas's tools stay out of the
        // bar's overflow menu.
        widthProperty().subscribe(w -> compact.set(w.doubleValue() > 0 && w.doubleValue() < COMPACT_BELOW));
        compact.subscribe(narrow -> {
            pseudoClassStateChanged(COMPACT, narrow);
            palette.setMinWidth(narrow ? COMPACT_PALETTE_WIDTH : PALETTE_WIDTH);
            palette.setPrefWidth(narrow ? COMPACT_PALETTE_WIDTH : PALETTE_WIDTH);
            inspector.setMinWidth(narrow ? COMPACT_INSPECTOR_WIDTH : INSPECTOR_WIDTH);
            // The inspector keeps its width as the window shrinks: narrow, it takes at most 40 % of the room beside
            // the palette, so that a window made narrow does not leave the canvas a sliver beside it.
            if (narrow) {
                inspector.maxWidthProperty().bind(Bindings.createDoubleBinding(
                        () -> Math.max(COMPACT_INSPECTOR_WIDTH, main.getWidth() * 0.4), main.widthProperty()));
            } else {
                inspector.maxWidthProperty().unbind();
                inspector.setMaxWidth(Double.MAX_VALUE);
            }
            for (ToggleButton t : switchButtons) {
                t.setContentDisplay(narrow ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT);
            }
        });

        model.revealedProperty().subscribe(t -> {
            if (t == null) {
                return;
            }
            if (t.section() == ProblemTarget.Section.NODE && model.harness() != null
                    && model.harness().workflow().nodes().containsKey(t.key())) {
                views.getSelectionModel().select(graphTab);
            } else if (t.section() == ProblemTarget.Section.SOURCE || model.harness() == null) {
                views.getSelectionModel().select(sourceTab);
                source.goTo(t.line(), t.column());
            }
        });
        if (model.harness() == null) {
            views.getSelectionModel().select(sourceTab);
        }
    }

    private ToolBar graphBar() {
        // Graph | Source as one segmented switch: the view shown is the pressed, filled half
        ToggleGroup which = new ToggleGroup();
        ToggleButton graph = new ToggleButton("Graph", new FontIcon(Feather.SHARE_2));
        graph.setId("tab-graph");
        graph.getStyleClass().addAll(Styles.LEFT_PILL, "view-toggle");
        ToggleButton text = new ToggleButton("Source", new FontIcon(Feather.CODE));
        text.setId("tab-source");
        text.getStyleClass().addAll(Styles.RIGHT_PILL, "view-toggle");
        graph.setTooltip(new Tooltip("The graph"));
        text.setTooltip(new Tooltip("The YAML source"));
        switchButtons.addAll(java.util.List.of(graph, text));
        graph.setToggleGroup(which);
        text.setToggleGroup(which);
        which.selectToggle(views.getSelectionModel().getSelectedItem() == sourceTab ? text : graph);
        which.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                which.selectToggle(was); // one of the two is always shown
            } else {
                views.getSelectionModel().select(now == text ? sourceTab : graphTab);
            }
        });
        views.getSelectionModel().selectedItemProperty().subscribe(t ->
                which.selectToggle(t == sourceTab ? text : graph));
        Button zoomIn = icon(Feather.ZOOM_IN, "Zoom in (Ctrl+=)", canvas::zoomIn);
        Button zoomOut = icon(Feather.ZOOM_OUT, "Zoom out (Ctrl+-)", canvas::zoomOut);
        Button fit = icon(Feather.MAXIMIZE, "Fit to view (Ctrl+0)", canvas::fit);
        fit.setId("fit");
        Button layout = icon(Feather.GRID, "Lay the graph out again (one undo step)", () -> {
            model.autoLayout();
            canvas.fit();
        });
        layout.setId("auto-layout");
        Label zoom = new Label();
        zoom.getStyleClass().add(Styles.TEXT_MUTED);
        zoom.textProperty().bind(canvas.zoomProperty().multiply(100).asString("%.0f %%"));
        Region spacer = new Region();
        javafx.scene.layout.HBox.setHgrow(spacer, Priority.ALWAYS);
        javafx.scene.layout.HBox switcher = new javafx.scene.layout.HBox(graph, text);
        javafx.scene.control.Separator gap = new javafx.scene.control.Separator(Orientation.VERTICAL);
        for (javafx.scene.Node n : java.util.List.of(zoomIn, zoomOut, fit, zoom, layout, gap)) {
            // the graph's tools show with the graph only
            n.visibleProperty().bind(graph.selectedProperty());
            n.managedProperty().bind(graph.selectedProperty());
        }
        ToggleButton list = paneToggle(Feather.SIDEBAR, "Show or hide the harness list", panes.harnessListProperty());
        list.setId("toggle-harness-list");
        ToggleButton details = paneToggle(Feather.COLUMNS, "Show or hide the inspector", panes.inspectorProperty());
        details.setId("toggle-inspector");
        // the pane toggles come first: on a narrow window the bar overflows from its end, and they must stay at hand
        ToolBar bar = new ToolBar(list, details, switcher, gap, zoomIn, zoomOut, fit, zoom, layout, spacer);
        bar.getStyleClass().add("graph-bar");
        return bar;
    }

    private static ToggleButton paneToggle(Feather icon, String tip, javafx.beans.property.BooleanProperty shown) {
        ToggleButton b = new ToggleButton(null, new FontIcon(icon));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(new Tooltip(tip));
        b.selectedProperty().bindBidirectional(shown);
        return b;
    }

    private static Button icon(Feather icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    /**
     * Whether the editor is narrower than {@link #COMPACT_BELOW}: its palette and inspector are narrower (style
     * pseudo-class {@code compact}) and the Graph/Source switch shows its icons only.
     */
    public ReadOnlyBooleanProperty compactProperty() {
        return compact.getReadOnlyProperty();
    }

    public EditorViewModel model() {
        return model;
    }

    public GraphCanvas canvas() {
        return canvas;
    }

    public SourceView source() {
        return source;
    }

    /** The strip of the guards that watch the whole run. */
    javafx.scene.layout.Pane runStrip() {
        return runStrip;
    }

    public InspectorView inspector() {
        return inspector;
    }

    /** Whether the source tab is showing. */
    public boolean showsSource() {
        return views.getSelectionModel().getSelectedItem() == sourceTab;
    }
}
