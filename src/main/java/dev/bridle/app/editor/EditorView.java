package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import dev.bridle.policy.Harness;
import java.util.concurrent.Executor;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
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

    public EditorView(EditorViewModel model, Executor background) {
        this.model = model;
        getStyleClass().add("editor-view");
        canvas = new GraphCanvas(model);
        canvas.setId("canvas");
        source = new SourceView(model.document(), background);
        inspector = new InspectorView(model);

        Label empty = new Label("The source does not read: fix it in the Source tab (problems below)");
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, "canvas-placeholder");
        empty.visibleProperty().bind(model.document().harnessProperty().isNull());
        empty.setMouseTransparent(true);
        VBox graphPane = new VBox(graphBar(), new StackPane(canvas, empty));
        VBox.setVgrow(graphPane.getChildren().getLast(), Priority.ALWAYS);
        graphTab = new Tab("Graph", graphPane);
        graphTab.setId("tab-graph");
        sourceTab = new Tab("Source");
        sourceTab.setId("tab-source");
        LazyTab.content(sourceTab, source);
        views.getTabs().addAll(graphTab, sourceTab);
        views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        views.getStyleClass().add(Styles.TABS_FLOATING);
        sourceTab.setOnSelectionChanged(e -> {
            if (!sourceTab.isSelected()) {
                source.readNow();
            }
        });

        ProblemsView problems = new ProblemsView(model);
        SplitPane centre = new SplitPane(views, problems);
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
        });
        model.document().harnessProperty().addListener((o, was, now) -> {
            if (was != null && was == addedTo && now == addedFrom) {
                canvas.setView(viewBeforeAdd);
            }
        });
        palette.setMinWidth(150);
        palette.setPrefWidth(150);
        inspector.setMinWidth(340);
        SplitPane main = new SplitPane(centre, inspector);
        main.setDividerPositions(0.64);
        SplitPane.setResizableWithParent(inspector, false);
        setLeft(palette);
        setCenter(main);

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
        Label hint = new Label("drag a port to connect");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        ToolBar bar = new ToolBar(zoomIn, zoomOut, fit, zoom, layout, spacer, hint);
        bar.getStyleClass().add("graph-bar");
        return bar;
    }

    private static Button icon(Feather icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
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

    public InspectorView inspector() {
        return inspector;
    }

    /** Whether the source tab is showing. */
    public boolean showsSource() {
        return views.getSelectionModel().getSelectedItem() == sourceTab;
    }
}
