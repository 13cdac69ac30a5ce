package dev.bridle.app;

import dev.bridle.app.editor.EditorView;
import dev.bridle.app.editor.EditorViewModel;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The menu bar and what its items do. Edit commands go to the text field that has the focus when there is one
 * (so Ctrl+C copies text there), and to the graph of the current document otherwise.
 */
final class WorkbenchMenus {

    private final MainView view;
    private final Dialogs dialogs;
    private final WorkbenchPrefs prefs;

    WorkbenchMenus(MainView view, Dialogs dialogs, WorkbenchPrefs prefs) {
        this.view = view;
        this.dialogs = dialogs;
        this.prefs = prefs;
    }

    MenuBar create(BooleanProperty dark) {
        Menu file = new Menu("File", null,
                item("New", Feather.FILE_PLUS, "N", false, () -> view.documents().create()),
                item("Open…", Feather.FOLDER, "O", false, this::openFile),
                item("Open Folder…", Feather.FOLDER_PLUS, null, false, this::openFolder),
                new SeparatorMenuItem(),
                item("Save", Feather.SAVE, "S", false, () -> view.documents().save(current(), folder())),
                item("Save As…", null, "S", true, () -> view.documents().saveAs(current(), folder())),
                new SeparatorMenuItem(),
                item("Export for Production…", Feather.PACKAGE, "E", true, this::exportForProduction),
                new SeparatorMenuItem(),
                item("Close Tab", null, "W", false, () -> view.documents().closeCurrent()));
        file.setId("menu-file");
        MenuItem delete = item("Delete", Feather.TRASH_2, null, false, () -> edit(
                t -> t.deleteNextChar(), EditorViewModel::deleteSelection));
        delete.setAccelerator(new KeyCodeCombination(KeyCode.DELETE));
        Menu edit = new Menu("Edit", null,
                item("Undo", Feather.ROTATE_CCW, "Z", false, () -> edit(TextInputControl::undo,
                        EditorViewModel::undo, true)),
                item("Redo", Feather.ROTATE_CW, "Z", true, () -> edit(TextInputControl::redo,
                        EditorViewModel::redo, true)),
                new SeparatorMenuItem(),
                item("Cut", Feather.SCISSORS, "X", false, () -> edit(TextInputControl::cut, EditorViewModel::cut)),
                item("Copy", Feather.COPY, "C", false, () -> edit(TextInputControl::copy, EditorViewModel::copy)),
                item("Paste", Feather.CLIPBOARD, "V", false, () -> edit(TextInputControl::paste,
                        EditorViewModel::paste)),
                delete,
                new SeparatorMenuItem(),
                item("Select All", null, "A", false, () -> edit(TextInputControl::selectAll,
                        EditorViewModel::selectAll)));
        edit.setId("menu-edit");
        CheckMenuItem darkItem = new CheckMenuItem("Dark Theme");
        darkItem.setId("menu-dark");
        // Not bindBidirectional: a bidirectional binding holds both properties weakly, so once the window's local
        // theme property was collected the check mark flipped and the theme stayed. These listeners hold it.
        darkItem.setSelected(dark.get());
        darkItem.selectedProperty().subscribe(dark::set);
        dark.subscribe(darkItem::setSelected);
        darkItem.setAccelerator(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN));
        Menu show = new Menu("View", null,
                item("Zoom In", Feather.ZOOM_IN, "EQUALS", false, () -> canvas(c -> c.canvas().zoomIn())),
                item("Zoom Out", Feather.ZOOM_OUT, "MINUS", false, () -> canvas(c -> c.canvas().zoomOut())),
                item("Fit to View", Feather.MAXIMIZE, "DIGIT0", false, () -> canvas(c -> c.canvas().fit())),
                item("Auto Layout", Feather.GRID, "L", true, () -> canvas(c -> {
                    c.model().autoLayout();
                    c.canvas().fit();
                })),
                new SeparatorMenuItem(),
                darkItem);
        show.setId("menu-view");
        MenuItem run = item("Run Scenario", Feather.PLAY, null, false, () -> view.model().run());
        run.setAccelerator(MainView.RUN_KEY);
        run.disableProperty().bind(view.model().canRunProperty().not());
        Menu runMenu = new Menu("Run", null, run, new SeparatorMenuItem());
        // The debugger's controls: each item fires its tool bar button, so both are enabled alike.
        java.util.List<KeyCombination> keys = java.util.List.of(dev.bridle.app.debug.DebugView.DEBUG,
                dev.bridle.app.debug.DebugView.STEP, dev.bridle.app.debug.DebugView.STEP_NODE,
                dev.bridle.app.debug.DebugView.CONTINUE, dev.bridle.app.debug.DebugView.PAUSE,
                dev.bridle.app.debug.DebugView.STOP);
        java.util.List<javafx.scene.control.Button> controls = view.debugControls();
        for (int i = 0; i < controls.size(); i++) {
            javafx.scene.control.Button b = controls.get(i);
            MenuItem item = new MenuItem(b.getText(), new FontIcon(((FontIcon) b.getGraphic()).getIconCode()));
            item.setId("menu-" + b.getId());
            item.setAccelerator(keys.get(i));
            item.disableProperty().bind(b.disableProperty());
            item.setOnAction(e -> b.fire());
            runMenu.getItems().add(item);
        }
        runMenu.setId("menu-run");
        MenuBar bar = new MenuBar(file, edit, show, runMenu);
        bar.setId("menu-bar");
        return bar;
    }

    /** Writes a bundle of the selected harness: canonical JSON, digest, and a signature when a key is chosen. */
    private void exportForProduction() {
        var loaded = view.model().harnessProperty().get();
        if (loaded == null) {
            return;
        }
        String version = MainView.class.getPackage().getImplementationVersion();
        dev.bridle.app.run.RunActions.exportForProduction(view.getScene().getWindow(), loaded.harness(),
                version == null ? "development" : version);
    }

    private static MenuItem item(String text, Feather icon, String key, boolean shift, Runnable action) {
        MenuItem item = new MenuItem(text, icon == null ? null : new FontIcon(icon));
        item.setId("menu-" + text.toLowerCase(java.util.Locale.ROOT).replace("…", "").replace(' ', '-'));
        if (key != null) {
            KeyCode code = KeyCode.valueOf(key);
            item.setAccelerator(shift
                    ? new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)
                    : new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN));
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    private EditorView current() {
        return view.documents().current();
    }

    private Path folder() {
        return view.model().config().folder();
    }

    private void canvas(Consumer<EditorView> action) {
        EditorView v = current();
        if (v != null) {
            action.accept(v);
        }
    }

    private void edit(Consumer<TextInputControl> text, Consumer<EditorViewModel> graph) {
        edit(text, graph, false);
    }

    /**
     * Sends an edit command to the focused text field, or to the current graph. In the source view, undo and redo
     * ({@code documentInSource}) are the document's, since the source is the document.
     */
    private void edit(Consumer<TextInputControl> text, Consumer<EditorViewModel> graph, boolean documentInSource) {
        Node focus = view.getScene() == null ? null : view.getScene().getFocusOwner();
        if (focus instanceof TextInputControl t && !(documentInSource && "source".equals(t.getId()))) {
            text.accept(t);
        } else if (current() != null) {
            graph.accept(current().model());
        }
    }

    private void openFile() {
        dialogs.chooseFileToOpen(folder()).ifPresent(p -> view.documents().open(p));
    }

    private void openFolder() {
        dialogs.chooseFolder(folder()).ifPresent(p -> {
            prefs.setLastFolder(p);
            view.model().openFolder(p);
        });
    }
}
