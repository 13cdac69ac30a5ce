package dev.bridle.app;

import dev.bridle.app.editor.EditorPanes;
import dev.bridle.app.editor.EditorView;
import dev.bridle.app.editor.EditorViewModel;
import dev.bridle.app.editor.HarnessDocument;
import dev.bridle.app.editor.NodeClipboard;
import dev.bridle.watch.FileWatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open documents, one tab each, titled with the file name and a dot while there are unsaved changes. Opening a
 * file that is already open shows its tab; opening a file with a newer autosave beside it offers to recover it;
 * closing a tab with unsaved changes asks first. A file changed by another program is offered for reload, and a file
 * deleted by one is reported, as soon as a {@link FileWatch} notices (and, as a fallback, when the window gets the
 * focus back).
 */
public final class DocumentTabs extends TabPane {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentTabs.class);
    /** Marks the title of a document with unsaved changes. */
    public static final String DIRTY_MARK = " ●";

    private final NodeClipboard clipboard = new NodeClipboard();
    private final Executor background;
    private final Dialogs dialogs;
    private final Consumer<Path> onSaved;
    private int untitled;
    private FileWatch watch;
    /** Set while a disk question is open, so that a change noticed meanwhile waits for it instead of asking over it. */
    private boolean offering;
    private boolean lookAgain;
    private final EditorPanes panes = new EditorPanes();

    public DocumentTabs(Executor background, Dialogs dialogs, Consumer<Path> onSaved) {
        this.background = background;
        this.dialogs = dialogs;
        this.onSaved = onSaved;
        setId("documents");
        getStyleClass().add("document-tabs");
        setTabClosingPolicy(TabClosingPolicy.ALL_TABS);
        getTabs().addListener((ListChangeListener<Tab>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(t -> unwatch(((EditorView) t.getContent()).model().document().file()));
            }
        });
    }

    /**
     * Has {@code files} watch the file of every open document, now and as documents open, save, reload and close. Its
     * reports must reach {@link #filesChanged} on the FX thread.
     */
    public void watchWith(FileWatch files) {
        this.watch = files;
        editors().forEach(v -> follow(v.model().document()));
    }

    /** The file watch of these documents, if there is one. */
    public Optional<FileWatch> fileWatch() {
        return Optional.ofNullable(watch);
    }

    /** Tells the watch what a document's file should hold whenever the document reads or writes it. */
    private void follow(HarnessDocument d) {
        if (watch == null) {
            return;
        }
        Runnable update = () -> {
            if (d.file() != null) {
                watch.watch(d.file(), d.onDiskProperty().get());
            }
        };
        d.fileProperty().addListener((o, before, after) -> {
            unwatch(before);
            update.run();
        });
        d.onDiskProperty().addListener((o, before, after) -> update.run());
        update.run();
    }

    private void unwatch(Path file) {
        if (watch != null && file != null && editors().stream().map(v -> v.model().document().file())
                .noneMatch(file::equals)) {
            watch.unwatch(file);
        }
    }

    /** Shows {@code file} in its tab, opening it first when needed. */
    public Optional<EditorView> open(Path file) {
        Path key = file.toAbsolutePath().normalize();
        for (Tab t : getTabs()) {
            EditorView v = (EditorView) t.getContent();
            Path f = v.model().document().file();
            if (f != null && f.toAbsolutePath().normalize().equals(key)) {
                getSelectionModel().select(t);
                return Optional.of(v);
            }
        }
        HarnessDocument document;
        try {
            document = HarnessDocument.open(file, background, Platform::runLater);
            Path autosave = HarnessDocument.autosaveFile(file);
            if (Files.isRegularFile(autosave)) {
                String saved = Files.readString(autosave, StandardCharsets.UTF_8);
                if (!saved.equals(document.sourceProperty().get()) && dialogs.confirm("Recover unsaved work?",
                        file.getFileName() + " has unsaved changes from an earlier session. Recover them?")) {
                    document.editSource(saved);
                } else {
                    Files.deleteIfExists(autosave);
                }
            }
        } catch (IOException e) {
            dialogs.error("Cannot open " + file.getFileName(), String.valueOf(e.getMessage()));
            return Optional.empty();
        }
        return Optional.of(add(document));
    }

    /** Which side panes the window's editors show. */
    public EditorPanes panes() {
        return panes;
    }

    /** Opens a new, unsaved document. */
    public EditorView create() {
        untitled++;
        return add(HarnessDocument.create("untitled-" + untitled, background, Platform::runLater));
    }

    private EditorView add(HarnessDocument document) {
        EditorView view = new EditorView(new EditorViewModel(document, clipboard), background, panes);
        Tab tab = new Tab();
        tab.setContent(view);
        tab.textProperty().bind(Bindings.createStringBinding(
                () -> document.title() + (document.isDirty() ? DIRTY_MARK : ""),
                document.dirtyProperty(), document.fileProperty(), document.harnessProperty()));
        tab.setOnCloseRequest(e -> {
            if (!mayClose(view)) {
                e.consume();
            }
        });
        getTabs().add(tab);
        getSelectionModel().select(tab);
        follow(document);
        return view;
    }

    /** The editor of the selected tab, or {@code null}. */
    public EditorView current() {
        Tab t = getSelectionModel().getSelectedItem();
        return t == null ? null : (EditorView) t.getContent();
    }

    /** Every open editor. */
    public List<EditorView> editors() {
        List<EditorView> out = new ArrayList<>();
        getTabs().forEach(t -> out.add((EditorView) t.getContent()));
        return out;
    }

    /** Saves the current document (asking where, for a new one); whether it was saved. */
    public boolean save(EditorView view, Path folder) {
        if (view == null) {
            return false;
        }
        HarnessDocument d = view.model().document();
        if (d.file() == null) {
            return saveAs(view, folder);
        }
        view.source().readNow();
        try {
            d.save();
            onSaved.accept(d.file());
            return true;
        } catch (IOException e) {
            dialogs.error("Cannot save " + d.title(), String.valueOf(e.getMessage()));
            return false;
        }
    }

    /** Asks where to save the current document, then saves it there. */
    public boolean saveAs(EditorView view, Path folder) {
        if (view == null) {
            return false;
        }
        HarnessDocument d = view.model().document();
        String name = (d.harness() == null ? "untitled" : d.harness().name()) + ".harness.yaml";
        Optional<Path> target = dialogs.chooseFileToSave(folder, name);
        if (target.isEmpty()) {
            return false;
        }
        try {
            d.saveAs(target.get());
            onSaved.accept(target.get());
            return true;
        } catch (IOException e) {
            dialogs.error("Cannot save " + target.get().getFileName(), String.valueOf(e.getMessage()));
            return false;
        }
    }

    /** Asks about unsaved work in {@code view}; whether its tab may close. */
    private boolean mayClose(EditorView view) {
        HarnessDocument d = view.model().document();
        if (!d.isDirty()) {
            return true;
        }
        return switch (dialogs.askToSave(d.title())) {
            case SAVE -> save(view, d.file() == null ? null : d.file().getParent());
            case DISCARD -> {
                discardAutosave(d);
                yield true;
            }
            case CANCEL -> false;
        };
    }

    /** Closes the current tab, asking first about unsaved work. */
    public void closeCurrent() {
        Tab t = getSelectionModel().getSelectedItem();
        if (t != null && mayClose((EditorView) t.getContent())) {
            getTabs().remove(t);
        }
    }

    /** Asks about every document with unsaved work; whether the window may close. */
    public boolean mayCloseAll() {
        for (Tab t : List.copyOf(getTabs())) {
            getSelectionModel().select(t);
            if (!mayClose((EditorView) t.getContent())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Offers to reload every document whose file was changed outside the workbench, and says which files were deleted.
     * The window calls it when it gets the focus back, in case a change went unnoticed.
     */
    public void checkDisk() {
        offerReloads(editors());
    }

    /** What the file watch saw in one burst: the documents of these files are compared with their files again. */
    public void filesChanged(List<FileWatch.Change> changes) {
        List<Path> files = changes.stream().map(FileWatch.Change::file).toList();
        offerReloads(editors().stream().filter(v -> {
            Path f = v.model().document().file();
            return f != null && files.contains(f.toAbsolutePath().normalize());
        }).toList());
    }

    private void offerReloads(List<EditorView> views) {
        if (offering) {
            lookAgain = true;
            return;
        }
        offering = true;
        try {
            views.forEach(v -> offerReload(v.model().document()));
            // A change noticed while a question was open: each document asked about is now as seen, so this asks
            // only about what is new.
            while (lookAgain) {
                lookAgain = false;
                editors().forEach(v -> offerReload(v.model().document()));
            }
        } finally {
            offering = false;
        }
    }

    private void offerReload(HarnessDocument d) {
        switch (d.diskState()) {
            case SAME -> {}
            case CHANGED -> {
                if (dialogs.confirm(d.title() + " changed on disk", d.title() + " was changed outside the workbench."
                        + " Reload it" + (d.isDirty() ? " and lose your unsaved changes?" : "?"))) {
                    try {
                        d.reload();
                    } catch (IOException e) {
                        dialogs.error("Cannot reload " + d.title(), String.valueOf(e.getMessage()));
                        d.keepOwnVersion();
                    }
                } else {
                    d.keepOwnVersion();
                }
            }
            case DELETED -> {
                d.keepOwnVersion();
                dialogs.inform(d.title() + " was deleted", d.title() + " was deleted or moved outside the workbench."
                        + " Its text stays open here as unsaved work: save it to write the file again.");
            }
        }
    }

    /** Writes the unsaved work of every document that has a file to its autosave file. */
    public void autosave() {
        for (EditorView v : editors()) {
            try {
                v.model().document().autosave();
            } catch (IOException e) {
                LOG.warn("cannot autosave {}: {}", v.model().document().title(), e.getMessage());
            }
        }
    }

    private static void discardAutosave(HarnessDocument d) {
        if (d.file() != null) {
            try {
                Files.deleteIfExists(HarnessDocument.autosaveFile(d.file()));
            } catch (IOException e) {
                LOG.warn("cannot remove the autosave of {}: {}", d.title(), e.getMessage());
            }
        }
    }
}
