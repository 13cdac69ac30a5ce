package dev.bridle.app;

import atlantafx.base.theme.Styles;
import dev.bridle.app.editor.LazyTab;
import dev.bridle.app.gateway.GatewayView;
import dev.bridle.app.gateway.GatewayViewModel;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The workbench window's content: harnesses and scenarios on the left, the open harnesses in editor tabs in the
 * middle, the events of the last run below them, and the menus, the Run button and the status line on top. It only
 * shows the view models' state and forwards the user's choices to them.
 */
public final class MainView extends BorderPane {

    /** The keys that start a run; the tooltip of the Run button names them. */
    public static final KeyCombination RUN_KEY = new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination RUN_KEY_ALTERNATIVE = new KeyCodeCombination(KeyCode.F5);

    private final MainViewModel model;
    private final DocumentTabs documents;
    private final VBox top = new VBox();

    /** A view that remembers the model bindings run with in {@code recent} (the window's injected preferences). */
    public MainView(MainViewModel model, Dialogs dialogs, java.util.concurrent.Executor background,
            dev.bridle.app.run.RecentBindings recent) {
        this.model = model;
        this.recent = recent;
        this.inspector = new dev.bridle.app.inspect.RunInspectorViewModel(model::store, model.background());
        this.documents = new DocumentTabs(background, dialogs, saved -> {
            if (saved.toAbsolutePath().normalize().getParent()
                    .equals(model.config().folder().toAbsolutePath().normalize())) {
                model.reload();
            }
        });
        getStyleClass().add("workbench");
        // Questions a live run's script does not answer go to the person at the window, with a timeout.
        sceneProperty().flatMap(javafx.scene.Scene::windowProperty).subscribe(w -> {
            if (w != null) {
                model.setPerson(dev.bridle.app.run.DialogApprover.withDialogs(w, java.time.Duration.ofSeconds(60)));
            }
        });
        toolbar = toolbar();
        // The status line needs about 420 pixels for a run's usual ending ("stopped by guard 'budget' (steps=12 …) at
        // step 12"); a narrower window shows it on a line of its own under the tool bar.
        top.getChildren().add(new dev.bridle.app.layout.ToolBarWithLine(toolbar, status, STATUS_ROOM));
        setTop(top);
        javafx.scene.control.TabPane bottom = bottomArea(background);
        SplitPane centre = new SplitPane(editorArea(), bottom);
        // Run and the debugger's controls side by side in the main tool bar; Debug shows the Debug tab.
        debugControls = debugView.takeControls();
        debugControls.getFirst().addEventFilter(javafx.event.ActionEvent.ACTION,
                e -> bottom.getSelectionModel().select(2));
        for (Button b : debugControls.subList(1, debugControls.size())) {
            b.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY); // the tooltip names it and its key
            b.getStyleClass().add(Styles.BUTTON_ICON);
        }
        toolbar.getItems().addAll(1, debugControls);
        toolbar.getItems().add(1 + debugControls.size(), new javafx.scene.control.Separator(Orientation.VERTICAL));
        linkRunAndGraph();
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.6);
        SplitPane main = new SplitPane(sidebar(), centre);
        main.setDividerPositions(0.23);
        SplitPane.setResizableWithParent(main.getItems().getFirst(), false);
        // the harness list can be closed (from the editor's bar), giving its room to the canvas
        javafx.scene.Node side = main.getItems().getFirst();
        // The list keeps its width as the window shrinks, but never more than a quarter of the window: a window made
        // 1024 wide from a larger one would otherwise leave the editor's canvas a sliver.
        ((Region) side).maxWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(((Region) side).getMinWidth(), getWidth() * 0.25), widthProperty()));
        documents.panes().harnessListProperty().subscribe(shown -> {
            if (shown && !main.getItems().contains(side)) {
                main.getItems().addFirst(side);
                main.setDividerPositions(0.23);
            } else if (!shown) {
                main.getItems().remove(side);
            }
        });
        setCenter(main);
    }

    private ToolBar toolbar() {
        Button run = new Button("Run", new FontIcon(Feather.PLAY));
        run.setId("run");
        run.getStyleClass().add(Styles.ACCENT);
        run.disableProperty().bind(model.canRunProperty().not());
        run.setOnAction(e -> model.run());
        run.setTooltip(new Tooltip("Run the scenario against the harness (" + RUN_KEY.getDisplayText() + ", "
                + RUN_KEY_ALTERNATIVE.getDisplayText() + ")"));

        Button reload = new Button(null, new FontIcon(Feather.REFRESH_CW));
        reload.setId("reload");
        reload.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        reload.setTooltip(new Tooltip("Read the folder and the selected files again"));
        reload.disableProperty().bind(model.runningProperty());
        reload.setOnAction(e -> model.reload());

        status.setId("status");
        status.getStyleClass().add("status-line");
        status.setMinWidth(Region.USE_PREF_SIZE);
        model.statusProperty().subscribe(s -> show(status, s));
        // A debug session's state takes the line while it lasts (and says how it ended), not the last run's result.
        Runnable session = () -> {
            var state = debug.stateProperty().get();
            String line = debug.statusProperty().get();
            if (state == dev.bridle.app.debug.DebugViewModel.State.IDLE || line.isEmpty()) {
                return;
            }
            show(status, switch (state) {
                case RUNNING -> Status.busy(line);
                case PAUSED -> Status.warning(line);
                default -> debug.resultProperty().get() == null ? Status.neutral(line)
                        : new Status(Status.of(debug.resultProperty().get()).tone(), line);
            });
        };
        debug.stateProperty().addListener((o, a, b) -> session.run());
        debug.statusProperty().addListener((o, a, b) -> session.run());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label folder = new Label("", new FontIcon(Feather.FOLDER));
        // the folder's name; its whole path in the tooltip, so that the status keeps its room in the tool bar
        folder.textProperty().bind(Bindings.createStringBinding(() -> {
            Path p = model.folderProperty().get().toAbsolutePath().normalize();
            return p.getFileName() == null ? p.toString() : p.getFileName().toString();
        }, model.folderProperty()));
        Tooltip folderTip = new Tooltip();
        folderTip.textProperty().bind(Bindings.createStringBinding(
                () -> model.folderProperty().get().toAbsolutePath().normalize().toString(), model.folderProperty()));
        folder.setTooltip(folderTip);
        folder.getStyleClass().addAll(Styles.TEXT_MUTED, "folder");
        folder.setMinWidth(0);
        ComboBox<String> binding = new ComboBox<>();
        binding.setId("binding");
        binding.setEditable(true);
        // wide enough for "ollama:llama3.2" (the tooltip and the list show longer ones whole), narrow enough that a
        // 1400-wide bar keeps a run's ending ("stopped by guard 'budget' (steps=12 (limit …)) at step 12") in it
        binding.setPrefWidth(170);
        binding.setTooltip(new Tooltip("The model: mock plays the scenario's script; ollama:MODEL or"
                + " openai:URL#MODEL runs a live model with the scenario's task, tools and answers"));
        binding.getItems().setAll(recent.list());
        binding.setValue(model.bindingProperty().get());
        binding.valueProperty().addListener((o, a, b) -> model.bindingProperty().set(b));
        run.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            recent.used(binding.getValue() == null ? "" : binding.getValue());
            binding.getItems().setAll(recent.list());
        });
        return new ToolBar(run, binding, reload, folder, spacer);
    }

    /** The width the status line keeps at the end of the tool bar; with less, it goes under the bar. */
    static final double STATUS_ROOM = 420;
    private final Label status = new Label();

    private final dev.bridle.app.run.RecentBindings recent;
    private final dev.bridle.app.inspect.RunInspectorViewModel inspector;
    private final dev.bridle.app.debug.DebugViewModel debug = new dev.bridle.app.debug.DebugViewModel();
    private TableView<EventRow> eventsTable;
    private dev.bridle.app.debug.DebugView debugView;
    private final ToolBar toolbar;
    private List<Button> debugControls;

    /** Debug, Step, Step to node, Continue, Pause and Stop, as shown in the main tool bar. */
    List<Button> debugControls() {
        return debugControls;
    }

    /** The events of the last run, the run inspector, the debugger, the scenarios and the run history. */
    private javafx.scene.control.TabPane bottomArea(java.util.concurrent.Executor documentsBackground) {
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane();
        tabs.setId("bottom-tabs");
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().add(new javafx.scene.control.Tab("Events", eventsArea()));
        tabs.getTabs().add(LazyTab.of("Inspector", () -> new dev.bridle.app.inspect.RunInspectorView(inspector)));
        // The inspector's selection (a click on the timeline) and the events table's follow each other, for one run.
        inspector.selectedProperty().addListener((o, a, e) -> {
            EventRow shown = eventsTable.getSelectionModel().getSelectedItem();
            if (e != null && (shown == null || shown.seq() != e.seq())
                    && model.lastInspectionProperty().get() == inspector.inspectionProperty().get()) {
                model.rows().revealSeq(e.seq(), i -> {
                    if (i >= 0 && eventsTable.getItems().get(i).kind().equals(e.kind())) {
                        reveal(i);
                    }
                });
            }
        });
        eventsTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row != null && model.lastInspectionProperty().get() == inspector.inspectionProperty().get()) {
                inspector.selectSeq(row.seq(), row.kind());
            }
        });
        model.lastInspectionProperty().addListener((o, a, run) -> {
            MainViewModel.RunSource source = model.shownSource();
            if (run == null) {
                return;
            }
            // Replaying the run's harness and scenario rebuilds its contexts (the replay checks itself against the
            // recording, so a run they cannot repeat is said to be one).
            if (source.harness() != null && source.scenario() != null) {
                inspector.show(run, source.harness(), source.scenario());
            } else {
                inspector.show(run, source.harness() == null ? null : source.harness().harness());
            }
        });
        // made now: its controls go to the main tool bar; shown in its tab when the tab is first chosen
        debugView = new dev.bridle.app.debug.DebugView(debug,
                () -> model.harnessProperty().get() == null || model.scenarioProperty().get() == null
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(new dev.bridle.app.debug.DebugView.Target(
                                model.harnessProperty().get(), model.scenarioProperty().get())),
                this::storeForDebugging);
        tabs.getTabs().add(LazyTab.of("Debug", () -> debugView));
        dev.bridle.app.tests.TestsViewModel testsModel = new dev.bridle.app.tests.TestsViewModel(
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "bridle-tests");
                    t.setDaemon(true);
                    return t;
                }));
        testsModel.load(model.config().folder());
        model.folderProperty().addListener((o, a, f) -> testsModel.load(f));
        tabs.getTabs().add(LazyTab.of("Tests", () -> new dev.bridle.app.tests.TestsView(testsModel,
                (what, events, seq) -> {
                    model.showEvents(what, events);
                    tabs.getSelectionModel().select(0);
                    selectEvent(seq);
                })));
        dev.bridle.app.history.HistoryViewModel history =
                new dev.bridle.app.history.HistoryViewModel(model::store, model.background());
        // Other writers (gateways, the CLI, a team's shared store) add runs: the list follows them.
        history.watch(java.time.Duration.ofSeconds(2));
        tabs.getTabs().add(LazyTab.of("History", () -> new dev.bridle.app.history.HistoryView(history, run -> {
            model.openRun(run);
            tabs.getSelectionModel().select(0);
        }, model.runningProperty())));
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (i.intValue() == 4) {
                history.refresh();
            }
        });
        // The gateway enforces the selected harness on live agents and records into the same store as History.
        GatewayViewModel gateway = new GatewayViewModel(
                () -> Optional.ofNullable(model.harnessProperty().get()).map(HarnessReader.Loaded::harness),
                model::store, Platform::runLater);
        tabs.getTabs().add(LazyTab.of("Gateway", () -> new GatewayView(gateway)));
        return tabs;
    }

    /** The run store, opened on the thread that owns it; a debugged run is recorded like any other. */
    private java.util.Optional<dev.bridle.store.RunStore> storeForDebugging() {
        try {
            return java.util.Optional.of(java.util.concurrent.CompletableFuture.supplyAsync(model::store,
                    model.background()).get(30, java.util.concurrent.TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new dev.bridle.store.StoreException("the run store cannot be opened: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new dev.bridle.store.StoreException("the run store did not open within 30 seconds", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private void selectEvent(long seq) {
        if (eventsTable == null) {
            return;
        }
        model.rows().revealSeq(seq, this::reveal);
    }

    /** Selects and shows row {@code i} of the page shown, if there is one. */
    private void reveal(int i) {
        if (i >= 0) {
            eventsTable.getSelectionModel().clearAndSelect(i);
            eventsTable.scrollTo(Math.max(0, i - 3));
        }
    }

    /**
     * Shows the debug session on the graph of the open harness: the node the run is in, the edges it took and the
     * breakpoints; a click in a node's gutter toggles its breakpoint. Selecting an event selects its node and the other
     * way round.
     */
    private void linkRunAndGraph() {
        Runnable show = () -> {
            var editor = documents.current();
            if (editor == null) {
                return;
            }
            var canvas = editor.canvas();
            canvas.setOnGutter(id -> {
                debug.toggleBreakpoint(id);
                canvas.breakpoints().clear();
                canvas.breakpoints().addAll(debug.nodeBreakpoints());
            });
            canvas.activeNodeProperty().set(debug.stateProperty().get() == dev.bridle.app.debug.DebugViewModel.State.IDLE
                    ? null : debug.activeNodeProperty().get());
            canvas.traversed().clear();
            canvas.traversed().addAll(debug.traversed());
            canvas.breakpoints().clear();
            canvas.breakpoints().addAll(debug.nodeBreakpoints());
        };
        debug.activeNodeProperty().addListener((o, a, b) -> show.run());
        debug.stateProperty().addListener((o, a, b) -> show.run());
        debug.traversed().addListener((javafx.collections.SetChangeListener<String>) c -> show.run());
        documents.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            show.run();
            followNodeSelection();
        });
        show.run();
        followNodeSelection(); // the document opened with the window
        eventsTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            var editor = documents.current();
            if (row != null && !row.node().isEmpty() && editor != null
                    && editor.model().harness() != null
                    && editor.model().harness().workflow().nodes().containsKey(row.node())
                    && !row.node().equals(editor.model().selection().singleNode())) {
                editor.model().selection().selectNode(row.node());
                editor.canvas().reveal(row.node());
            }
        });
    }

    /** Selecting a node on the current document's graph selects its first event (once per document). */
    private void followNodeSelection() {
        var editor = documents.current();
        if (editor != null && editor.getProperties().putIfAbsent("bridle.follows-node-selection", true) == null) {
            editor.model().selection().nodes().addListener((javafx.collections.SetChangeListener<String>) c -> {
                if (editor == documents.current()) {
                    selectFirstEventOf(editor.model().selection().singleNode());
                }
            });
        }
    }

    private void selectFirstEventOf(String node) {
        if (node == null || eventsTable == null) {
            return;
        }
        EventRow selected = eventsTable.getSelectionModel().getSelectedItem();
        if (selected != null && selected.node().equals(node)) {
            return;
        }
        model.rows().revealNode(node, this::reveal);
    }

    /** "Why?" on the selected event of the last run. */
    private void why() {
        EventRow row = eventsTable == null ? null : eventsTable.getSelectionModel().getSelectedItem();
        var source = model.shownSource().harness();
        if (row == null || source == null) {
            return;
        }
        var harness = source.harness();
        model.eventAndBefore(row.seq(), (events, e) ->
                dev.bridle.app.run.RunActions.showWhy(getScene().getWindow(), harness, events, e));
    }

    private static void show(Label status, Status s) {
        status.setText(s.text());
        status.setTooltip(s.text().isEmpty() ? null : new Tooltip(s.text()));
        status.setGraphic(switch (s.tone()) {
            case NEUTRAL -> null;
            case BUSY -> new FontIcon(Feather.LOADER);
            case SUCCESS -> new FontIcon(Feather.CHECK_CIRCLE);
            case WARNING -> new FontIcon(Feather.ALERT_TRIANGLE);
            case DANGER -> new FontIcon(Feather.ALERT_OCTAGON);
        });
        status.pseudoClassStateChanged(Styles.STATE_SUCCESS, s.tone() == Status.Tone.SUCCESS);
        status.pseudoClassStateChanged(Styles.STATE_WARNING, s.tone() == Status.Tone.WARNING);
        status.pseudoClassStateChanged(Styles.STATE_DANGER, s.tone() == Status.Tone.DANGER);
    }

    private VBox sidebar() {
        Label harnessTitle = new Label("Harnesses");
        harnessTitle.getStyleClass().add(Styles.TITLE_4);
        ListView<Path> harnesses = new ListView<>(model.harnessFiles());
        harnesses.setId("harnesses");
        harnesses.setCellFactory(v -> new PathCell(p -> p.getFileName().toString(), Feather.FILE_TEXT));
        harnesses.setPlaceholder(new Label("No *.harness.yaml files"));
        VBox.setVgrow(harnesses, Priority.ALWAYS);
        Runnable showSelectedHarness = () -> {
            Path p = model.selectedHarnessProperty().get();
            if (p == null) {
                harnesses.getSelectionModel().clearSelection();
            } else if (!p.equals(harnesses.getSelectionModel().getSelectedItem())) {
                harnesses.getSelectionModel().select(p);
            }
        };
        // Replacing the items can clear the list's selection while the model's stays the same.
        model.harnessFiles().addListener((ListChangeListener<Path>) c -> showSelectedHarness.run());
        model.selectedHarnessProperty().subscribe(p -> showSelectedHarness.run());
        harnesses.getSelectionModel().selectedItemProperty().subscribe(p -> model.selectHarness(p));

        Label description = new Label();
        description.setId("harness-description");
        description.setWrapText(true);
        description.getStyleClass().add(Styles.TEXT_MUTED);
        description.textProperty().bind(Bindings.createStringBinding(() -> {
            HarnessReader.Loaded h = model.harnessProperty().get();
            return h == null ? "" : h.harness().description();
        }, model.harnessProperty()));

        Label scenarioTitle = new Label("Scenario");
        scenarioTitle.getStyleClass().add(Styles.TITLE_4);
        ComboBox<Path> scenarios = new ComboBox<>(model.scenarioFiles());
        scenarios.setId("scenarios");
        scenarios.setMaxWidth(Double.MAX_VALUE);
        scenarios.setPromptText("no scenarios");
        scenarios.setConverter(new StringConverter<>() {
            @Override
            public String toString(Path p) {
                return p == null ? "" : ProjectFolder.scenarioName(p);
            }

            @Override
            public Path fromString(String s) {
                return null;
            }
        });
        scenarios.disableProperty().bind(Bindings.isEmpty(model.scenarioFiles()));
        Runnable showSelectedScenario = () -> {
            Path p = model.selectedScenarioProperty().get();
            if (p == null || !p.equals(scenarios.getValue())) {
                scenarios.setValue(p);
            }
        };
        model.scenarioFiles().addListener((ListChangeListener<Path>) c -> showSelectedScenario.run());
        model.selectedScenarioProperty().subscribe(p -> showSelectedScenario.run());
        scenarios.valueProperty().subscribe(p -> model.selectScenario(p));

        Label scenarioDescription = new Label();
        scenarioDescription.setId("scenario-description");
        scenarioDescription.setWrapText(true);
        scenarioDescription.getStyleClass().add(Styles.TEXT_MUTED);
        scenarioDescription.textProperty().bind(Bindings.createStringBinding(() -> {
            ScenarioReader.Loaded s = model.scenarioProperty().get();
            return s == null ? "" : s.scenario().description();
        }, model.scenarioProperty()));

        VBox sidebar = new VBox(8, harnessTitle, harnesses, description, scenarioTitle, scenarios,
                scenarioDescription);
        sidebar.getStyleClass().add("sidebar");
        sidebar.setPadding(new Insets(10));
        sidebar.setMinWidth(240);
        return sidebar;
    }

    private VBox editorArea() {
        ListView<String> problemList = new ListView<>(model.problems());
        problemList.setId("problem-list");
        problemList.getStyleClass().add("problem-list");
        problemList.setPrefHeight(90);
        problemList.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty ? null : line);
                pseudoClassStateChanged(Styles.STATE_WARNING, !empty && line != null && line.contains(": warning: "));
            }
        });
        Label problemTitle = new Label("This harness cannot be run: fix it in its Source tab and save",
                new FontIcon(Feather.ALERT_OCTAGON));
        problemTitle.getStyleClass().addAll(Styles.TITLE_4, Styles.DANGER);
        problemTitle.setWrapText(true);
        VBox problems = new VBox(6, problemTitle, problemList);
        problems.getStyleClass().add("problems");
        problems.setId("problems");
        problems.setPadding(new Insets(8, 12, 8, 12));
        problems.visibleProperty().bind(Bindings.isNotEmpty(model.problems()));
        problems.managedProperty().bind(problems.visibleProperty());
        problems.setMinHeight(Region.USE_PREF_SIZE);
        problemList.setMinHeight(Region.USE_PREF_SIZE);

        Label none = new Label("Choose a harness on the left, or File › New (" + "Ctrl+N)");
        none.getStyleClass().add(Styles.TEXT_MUTED);
        none.visibleProperty().bind(Bindings.isEmpty(documents.getTabs()));
        none.setMouseTransparent(true);
        StackPane tabs = new StackPane(documents, none);
        tabs.setMinHeight(0);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        model.selectedHarnessProperty().subscribe(p -> {
            if (p != null) {
                documents.open(p);
            }
        });
        VBox area = new VBox(problems, tabs);
        // The problems appear in the same pulse as the selection that brought them, with their rows laid out.
        model.problems().addListener((ListChangeListener<String>) c -> {
            area.applyCss();
            area.layout();
        });
        return area;
    }

    private VBox eventsArea() {
        TableView<EventRow> table = new TableView<>(model.events());
        eventsTable = table;
        table.setId("events");
        javafx.scene.control.MenuItem whyItem = new javafx.scene.control.MenuItem("Why?", new FontIcon(Feather.HELP_CIRCLE));
        whyItem.setOnAction(e -> why());
        table.setContextMenu(new javafx.scene.control.ContextMenu(whyItem));
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.F1) {
                why();
            }
        });
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        dev.bridle.app.lists.UniformRows.of(table); // a run of 100,000 steps fills it with half a million rows
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No run yet: choose a scenario and press Run (" + RUN_KEY.getDisplayText()
                + ")"));
        table.getColumns().setAll(List.of(
                column("seq", EventRow::seq, 60),
                column("step", EventRow::step, 60),
                column("kind", EventRow::kind, 150),
                column("node", EventRow::node, 110),
                ruleColumn(),
                column("summary", EventRow::summary, 500)));
        // A narrow table (a 1024×700 window) squeezes the summary, not the step header or the kinds the README's
        // walkthrough asks for ("select the guard.triggered event"): each column keeps what its words need.
        List<Double> least = List.of(56.0, 60.0, 160.0, 100.0, 120.0, 200.0);
        for (int i = 0; i < least.size(); i++) {
            table.getColumns().get(i).setMinWidth(least.get(i));
        }
        table.setRowFactory(v -> new TableRow<>() {
            @Override
            protected void updateItem(EventRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(Styles.STATE_WARNING, !empty && row != null
                        && row.kind().equals("guard.triggered"));
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        // How a run ended is what a user looks for first, so the table shows the end of a new run. The skin resets
        // the scroll position when the items change, so the scroll waits until it has (once per run, not per event).
        model.rows().replacedProperty().addListener((o, a, b) -> Platform.runLater(() -> {
            int last = table.getItems().size() - 1;
            if (last >= 0) {
                table.layout(); // so that the scroll knows how many rows there are and how high they are
                table.scrollTo(last);
            }
        }));

        Label title = new Label();
        title.setId("last-run");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        // beside the buttons of a narrow window, on two lines rather than cut off
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        title.textProperty().bind(Bindings.createStringBinding(() -> model.lastRunProperty().get().isEmpty()
                ? "Events" : "Events of " + model.lastRunProperty().get(), model.lastRunProperty()));
        Button whyButton = new Button("Why?", new FontIcon(Feather.HELP_CIRCLE));
        whyButton.setId("why");
        whyButton.setTooltip(new Tooltip("The rule that decided the selected event (F1)"));
        whyButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        whyButton.setOnAction(e -> why());
        Button replay = new Button("Replay under…", new FontIcon(Feather.REPEAT));
        replay.setId("replay-under");
        replay.setTooltip(new Tooltip("What if: the last run's recorded replies and tool results under another"
                + " harness, offline"));
        replay.disableProperty().bind(model.hasEventsProperty().not());
        replay.setOnAction(e -> dev.bridle.app.run.RunActions.chooseAndReplay(getScene().getWindow(),
                model.folderProperty().get(), model::allEvents));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(8, title, gap, pages(table), whyButton, replay);
        // the title gives way to the buttons and the page range when the window is narrow
        for (Region keep : List.of(whyButton, replay)) {
            keep.setMinWidth(Region.USE_PREF_SIZE);
        }
        VBox area = new VBox(6, header, table);
        area.getStyleClass().add("events-area");
        return area;
    }

    /** Earlier and later pages of a long run's events, with the range shown; hidden while there is one page. */
    private HBox pages(TableView<EventRow> table) {
        RowPages rows = model.rows();
        Label range = new Label();
        range.setId("events-range");
        range.textProperty().bind(rows.rangeProperty());
        Button earlier = new Button(null, new FontIcon(Feather.CHEVRON_LEFT));
        earlier.setId("events-earlier");
        earlier.setTooltip(new Tooltip("The " + String.format("%,d", RowPages.PAGE) + " events before these"));
        earlier.disableProperty().bind(rows.pageProperty().isEqualTo(0));
        earlier.setOnAction(e -> rows.show(rows.pageProperty().get() - 1,
                () -> table.scrollTo(table.getItems().size() - 1))); // where the page after it began
        Button later = new Button(null, new FontIcon(Feather.CHEVRON_RIGHT));
        later.setId("events-later");
        later.setTooltip(new Tooltip("The " + String.format("%,d", RowPages.PAGE) + " events after these"));
        later.disableProperty().bind(rows.pageProperty().isEqualTo(rows.pagesProperty().subtract(1)));
        later.setOnAction(e -> rows.show(rows.pageProperty().get() + 1, () -> table.scrollTo(0)));
        range.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(4, range, earlier, later);
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        box.visibleProperty().bind(rows.pagesProperty().greaterThan(1));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** The rule column: wide enough for every id it shows (within reason), the whole id on hover. */
    private static TableColumn<EventRow, String> ruleColumn() {
        TableColumn<EventRow, String> rule = column("rule", EventRow::rule, 170);
        rule.setMinWidth(120);
        javafx.scene.text.Text measure = new javafx.scene.text.Text();
        rule.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String id, boolean empty) {
                super.updateItem(id, empty);
                boolean none = empty || id == null || id.isEmpty();
                setText(none ? null : id);
                setTooltip(none ? null : new Tooltip(id));
                if (!none) {
                    // measured in the cell's own font: the column only grows, up to a third of a wide table
                    measure.setFont(getFont());
                    measure.setText(id);
                    double needed = Math.ceil(measure.getLayoutBounds().getWidth() + snappedLeftInset()
                            + snappedRightInset()) + 8;
                    if (needed > rule.getPrefWidth()) {
                        rule.setPrefWidth(Math.min(needed, 360));
                    }
                }
            }
        });
        return rule;
    }

    private static <T> TableColumn<EventRow, T> column(String name, Function<EventRow, T> value, double width) {
        TableColumn<EventRow, T> column = new TableColumn<>(name);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setPrefWidth(width);
        column.setSortable(false);
        return column;
    }

    /** The open documents. */
    public DocumentTabs documents() {
        return documents;
    }

    /** The view model of the window. */
    public MainViewModel model() {
        return model;
    }

    /** Puts the menu bar above the tool bar. */
    void setMenuBar(javafx.scene.control.MenuBar bar) {
        top.getChildren().addFirst(bar);
    }

    /** A list cell that shows a path by a short name with an icon. */
    private static final class PathCell extends ListCell<Path> {
        private final Function<Path, String> name;
        private final Feather icon;

        PathCell(Function<Path, String> name, Feather icon) {
            this.name = name;
            this.icon = icon;
        }

        @Override
        protected void updateItem(Path item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : name.apply(item));
            setGraphic(empty || item == null ? null : new FontIcon(icon));
        }
    }
}
