package dev.bridle.app.editor;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.SetChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The right-hand side of an editor: the properties of what is selected (a node, an edge, or the harness when
 * nothing is), the guards, the permission matrix and the agents.
 */
public final class InspectorView extends TabPane {

    private final EditorViewModel model;
    private final FormSheet properties;
    private final GuardEditorView guards;
    private final PermissionMatrixView permissions;
    private final ObservableList<String> agentIds = FXCollections.observableArrayList();
    private final ListView<String> agents = new ListView<>(agentIds);
    private final FormSheet agentForm;
    private final Tab propertiesTab;
    private final Tab guardsTab;
    private final Tab permissionsTab;
    private final Tab agentsTab;

    public InspectorView(EditorViewModel model) {
        this.model = model;
        HarnessDocument document = model.document();
        setId("inspector");
        getStyleClass().add("inspector");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        properties = new FormSheet(document);
        properties.setId("properties");
        properties.setOnRename(id -> model.selection().selectNode(id));
        guards = new GuardEditorView(document);
        permissions = new PermissionMatrixView(document);
        agentForm = new FormSheet(document);
        propertiesTab = new Tab("Properties", properties);
        guardsTab = new Tab("Guards");
        permissionsTab = new Tab("Permissions");
        agentsTab = new Tab("Agents");
        LazyTab.content(guardsTab, guards);
        // The matrix fills the tab; on a short window (1024×700) its parts' least heights do not fit, and the tab
        // scrolls rather than cutting the "try a call" box off.
        javafx.scene.control.ScrollPane permissionsScroll = new javafx.scene.control.ScrollPane(permissions);
        permissionsScroll.setFitToWidth(true);
        permissionsScroll.setFitToHeight(true);
        permissionsScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        permissionsScroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        LazyTab.content(permissionsTab, permissionsScroll);
        LazyTab.content(agentsTab, agentsPane());
        propertiesTab.setId("tab-properties");
        guardsTab.setId("tab-guards");
        permissionsTab.setId("tab-permissions");
        agentsTab.setId("tab-agents");
        getTabs().addAll(propertiesTab, guardsTab, permissionsTab, agentsTab);
        model.selection().nodes().addListener((SetChangeListener<String>) c -> showSelection());
        model.selection().edgeProperty().subscribe(e -> showSelection());
        document.harnessProperty().subscribe(h -> {
            if (h != null && !agentIds.equals(java.util.List.copyOf(h.agents().keySet()))) {
                String selected = agents.getSelectionModel().getSelectedItem();
                agentIds.setAll(h.agents().keySet());
                agents.getSelectionModel().select(selected);
            }
            if (properties.form() == null || properties.form().values().isEmpty()) {
                showSelection();
            }
        });
        model.revealedProperty().subscribe(this::reveal);
        showSelection();
    }

    private VBox agentsPane() {
        agents.setId("agents");
        agents.setPrefHeight(120);
        agents.getStyleClass().add(Styles.DENSE);
        agents.getSelectionModel().selectedItemProperty().subscribe(id ->
                agentForm.show(id == null ? null : SmallForms.agent(model.document()::harness, id)));
        Button add = new Button("Add agent", new FontIcon(Feather.USER_PLUS));
        add.setId("add-agent");
        add.setOnAction(e -> {
            String id = HarnessEdits.freshAgentId(model.harness());
            if (model.document().execute(HarnessEdits.addAgent(id))) {
                agents.getSelectionModel().select(id);
            }
        });
        VBox box = new VBox(6, add, agents, agentForm);
        VBox.setVgrow(agentForm, Priority.ALWAYS);
        return box;
    }

    private void showSelection() {
        String node = model.selection().singleNode();
        EdgeRef edge = model.selection().edgeProperty().get();
        if (node != null) {
            properties.show(new NodeForm(model.document()::harness, node));
        } else if (edge != null) {
            properties.show(SmallForms.edge(model.document()::harness, edge));
        } else {
            properties.show(SmallForms.harness(model.document()::harness));
        }
    }

    private void reveal(ProblemTarget target) {
        if (target == null) {
            return;
        }
        switch (target.section()) {
            case NODE -> getSelectionModel().select(propertiesTab);
            case GUARD -> {
                getSelectionModel().select(guardsTab);
                guards.select(Integer.parseInt(target.key()));
            }
            case RULE -> getSelectionModel().select(permissionsTab);
            case AGENT -> {
                getSelectionModel().select(agentsTab);
                agents.getSelectionModel().select(target.key());
            }
            case SOURCE -> {
                // the source view shows it
            }
        }
    }

    /** The properties form of the selection. */
    public FormSheet properties() {
        return properties;
    }

    public GuardEditorView guards() {
        return guards;
    }
}
