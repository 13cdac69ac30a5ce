package dev.bridle.app.editor;

import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.HarnessWriter;
import dev.bridle.policy.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One harness open in the editor: the file it comes from, its edit history, its source text and its problems. The
 * harness is immutable; every change is an {@link Edit} on the history. The source text follows every edit (it is the
 * canonical YAML of the harness), and an edit of the source that reads becomes an edit of the harness.
 *
 * <p>Validation (reading the canonical text back, with every semantic check) runs on the {@code background}
 * executor and its problems come back through the {@code fx} executor; a result that an edit has overtaken is
 * dropped. Call every method on the FX thread.
 */
public final class HarnessDocument {

    private final EditHistory history;
    private final Executor background;
    private final Executor fx;
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastRefusal = new ReadOnlyStringWrapper("");
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final AtomicLong generation = new AtomicLong();
    /** The text last read from or written to the file, to notice a change made elsewhere. */
    private final ReadOnlyObjectWrapper<String> onDisk = new ReadOnlyObjectWrapper<>();
    private boolean fromSource;
    private Harness checked;
    private Optional<Problem> checkedError = Optional.empty();
    /**
     * The text each harness was read from (the file, or the source as typed), by identity: when undo returns to such
     * a harness, the source becomes that text again, byte for byte, rather than its canonical form.
     */
    private final Map<Harness, String> readFrom = new IdentityHashMap<>();

    private HarnessDocument(Path file, Harness harness, String text, List<Problem> problems, Executor background,
            Executor fx) {
        this.history = new EditHistory(harness);
        this.background = background;
        this.fx = fx;
        this.file.set(file);
        this.source.set(text);
        this.onDisk.set(file == null ? null : text);
        this.problems.setAll(problems);
        if (harness != null) {
            readFrom.put(harness, text);
        }
        history.harnessProperty().addListener((o, before, after) -> changed(after));
    }

    /** A new, unsaved document with a blank harness named {@code name}. */
    public static HarnessDocument create(String name, Executor background, Executor fx) {
        Harness h = Harnesses.blank(name);
        HarnessDocument d = new HarnessDocument(null, h, HarnessWriter.yaml(h), List.of(), background, fx);
        d.validate();
        return d;
    }

    /**
     * Opens {@code path}. A file that does not read opens too, with no harness, its text as the source and its
     * problems listed, so that it can be fixed in the source view.
     */
    public static HarnessDocument open(Path path, Executor background, Executor fx) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        return ofText(path, text, background, fx);
    }

    /** A document for {@code path} holding {@code text} (from the file, or from an autosave). */
    public static HarnessDocument ofText(Path path, String text, Executor background, Executor fx) {
        String name = path == null ? "untitled" : path.getFileName().toString();
        try {
            HarnessReader.Loaded loaded = HarnessReader.parse(name, text);
            return new HarnessDocument(path, loaded.harness(), text, loaded.warnings(), background, fx);
        } catch (DocumentException e) {
            return new HarnessDocument(path, null, text, e.problems(), background, fx);
        }
    }

    public EditHistory history() {
        return history;
    }

    /** The harness; {@code null} while the source does not read. */
    public ReadOnlyObjectProperty<Harness> harnessProperty() {
        return history.harnessProperty();
    }

    public Harness harness() {
        return history.harness();
    }

    /** The file, or {@code null} for a document never saved. */
    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public Path file() {
        return file.get();
    }

    /** The source text: the canonical YAML after every graph edit, what the user typed after a source edit. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** Why the last edit was refused ({@code ""} when it was not). */
    public ReadOnlyStringProperty lastRefusalProperty() {
        return lastRefusal.getReadOnlyProperty();
    }

    /** The problems of the current source: errors when it does not read, warnings otherwise. */
    public ObservableList<Problem> problems() {
        return problems;
    }

    /** The name shown on the document's tab. */
    public String title() {
        Path f = file.get();
        return f != null ? f.getFileName().toString() : harness() != null ? harness().name() : "untitled";
    }

    /**
     * Applies {@code edit}. An edit that refuses the harness (a duplicate id, a missing node) changes nothing and
     * says why in {@link #lastRefusalProperty()}.
     *
     * @return whether the harness changed
     */
    public boolean execute(Edit edit) {
        boolean fromText = "source".equals(edit.mergeKey());
        if (history.harness() == null && !fromText) {
            lastRefusal.set("fix the source first: it does not read");
            return false;
        }
        try {
            lastRefusal.set("");
            Harness before = history.harness();
            Harness after = edit.apply(before);
            if (!fromText && !after.equals(before)) {
                // A gesture may not turn a valid document into one that does not read; the checks are those of
                // `bridle validate`. A document that is already broken takes any edit, so that it can be mended.
                Optional<Problem> broken = firstError(after);
                if (broken.isPresent() && firstError(before).isEmpty()) {
                    lastRefusal.set(broken.get().message());
                    return false;
                }
            }
            return history.execute(new Edit.Change(edit.name(), edit.mergeKey(), h -> after));
        } catch (IllegalArgumentException e) {
            lastRefusal.set(e.getMessage());
            return false;
        }
    }

    /**
     * The first error that reading {@code h}'s canonical text back finds, with every check {@code bridle validate}
     * makes; empty when it reads. The last answer is kept, since an edit asks about the harness before it.
     */
    private Optional<Problem> firstError(Harness h) {
        if (h == checked) {
            return checkedError;
        }
        Optional<Problem> error;
        try {
            HarnessReader.parse(title(), HarnessWriter.yaml(h));
            error = Optional.empty();
        } catch (DocumentException e) {
            error = e.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).findFirst()
                    .or(() -> e.problems().stream().findFirst());
        }
        checked = h;
        checkedError = error;
        return error;
    }

    public void undo() {
        history.undo();
    }

    public void redo() {
        history.redo();
    }

    /**
     * What a source text says: the harness when it reads, and its problems (warnings, or the errors that stop it).
     * Safe to call on any thread; reading a large document is worth doing off the FX thread.
     */
    public record SourceReading(String text, Harness harness, List<Problem> problems) {}

    /** Reads {@code text} as the source of a document called {@code name}. */
    public static SourceReading read(String name, String text) {
        try {
            HarnessReader.Loaded loaded = HarnessReader.parse(name, text);
            return new SourceReading(text, loaded.harness(), loaded.warnings());
        } catch (DocumentException e) {
            return new SourceReading(text, null, e.problems());
        }
    }

    /**
     * Takes {@code text} as the new source: when it reads, the harness becomes what it says (one undo step for a run
     * of source edits) and its warnings are the problems; when not, the harness stays and the problems say why.
     *
     * @return whether the text reads
     */
    public boolean editSource(String text) {
        return applySource(read(title(), text));
    }

    /** Takes a reading made by {@link #read} (perhaps on another thread) as the new source. */
    public boolean applySource(SourceReading reading) {
        source.set(reading.text());
        generation.incrementAndGet();
        problems.setAll(reading.problems());
        if (reading.harness() == null) {
            return false;
        }
        fromSource = true;
        readFrom.put(reading.harness(), reading.text());
        try {
            execute(HarnessEdits.replaceAll(reading.harness()));
        } finally {
            fromSource = false;
        }
        return true;
    }

    /** The title this document reads its source under (for problem locations). */
    public String sourceName() {
        return title();
    }

    /** Whether saving would write something the file does not hold. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return history.dirtyProperty();
    }

    public boolean isDirty() {
        return history.dirtyProperty().get();
    }

    /** Writes the canonical YAML to the document's file (the source as typed, when it does not read). */
    public void save() throws IOException {
        Path f = Objects.requireNonNull(file.get(), "a new document is saved with saveAs");
        String text = harness() == null ? source.get() : HarnessWriter.yaml(harness());
        Path temp = f.resolveSibling("." + f.getFileName() + ".saving");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        onDisk.set(text);
        if (harness() != null) {
            readFrom.put(harness(), text);
        }
        history.markSaved();
        if (harness() != null && !text.equals(source.get())) {
            source.set(text);
        }
        Files.deleteIfExists(autosaveFile(f));
    }

    /** Saves to {@code target}, which becomes the document's file. */
    public void saveAs(Path target) throws IOException {
        file.set(target);
        save();
    }

    /** How the document's file compares with what the document last read from it or wrote to it. */
    public enum DiskState {
        /** The file holds what the document expects (or the document has no file). */
        SAME,
        /** Another program changed the file (or it cannot be read any more). */
        CHANGED,
        /** The file is gone. */
        DELETED
    }

    /**
     * The text the file held when this document last read or wrote it; {@code null} for a document never saved, and
     * after its file was deleted and the user kept the document. A file watch follows it to tell the workbench's own
     * saves from changes made elsewhere.
     */
    public ReadOnlyObjectProperty<String> onDiskProperty() {
        return onDisk.getReadOnlyProperty();
    }

    /** Whether the file on disk no longer holds what this document last read or wrote. */
    public boolean changedOnDisk() {
        return diskState() != DiskState.SAME;
    }

    /** Looks at the file now and compares it with what this document last read or wrote. */
    public DiskState diskState() {
        Path f = file.get();
        if (f == null) {
            return DiskState.SAME;
        }
        String now = diskText(f);
        if (now == null) {
            return onDisk.get() == null ? DiskState.SAME : DiskState.DELETED;
        }
        return now.equals(onDisk.get()) ? DiskState.SAME : DiskState.CHANGED;
    }

    /**
     * Keeps this document as it is although its file was changed or deleted elsewhere: what the file holds now (or
     * that it is gone) counts as seen, so it is not offered again, and the document counts as unsaved.
     */
    public void keepOwnVersion() {
        Path f = file.get();
        if (f == null) {
            return;
        }
        onDisk.set(diskText(f));
        history.markUnsaved();
    }

    /** The file's text, decoded leniently so that any content compares; {@code null} when there is no such file. */
    private static String diskText(Path f) {
        try {
            return Files.isRegularFile(f) ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8) : null;
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "\0unreadable: " + e.getMessage();
        }
    }

    /** Reads the file again, forgetting the history and any unsaved change. */
    public void reload() throws IOException {
        Path f = file.get();
        String text = Files.readString(f, StandardCharsets.UTF_8);
        onDisk.set(text);
        try {
            HarnessReader.Loaded loaded = HarnessReader.parse(title(), text);
            fromSource = true;
            readFrom.clear();
            readFrom.put(loaded.harness(), text);
            try {
                history.reset(loaded.harness());
            } finally {
                fromSource = false;
            }
            source.set(text);
            problems.setAll(loaded.warnings());
        } catch (DocumentException e) {
            history.reset(null);
            source.set(text);
            problems.setAll(e.problems());
        }
    }

    /** Where unsaved work of {@code file} is kept: {@code .NAME.harness.yaml.autosave} beside it. */
    public static Path autosaveFile(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".autosave");
    }

    /** Writes the current source to the autosave file; does nothing for a document never saved or not dirty. */
    public void autosave() throws IOException {
        Path f = file.get();
        if (f != null && isDirty()) {
            Files.writeString(autosaveFile(f), source.get(), StandardCharsets.UTF_8);
        }
    }

    private void changed(Harness after) {
        if (fromSource || after == null) {
            return;
        }
        String text = readFrom.get(after);
        source.set(text != null ? text : HarnessWriter.yaml(after));
        validate();
    }

    /** Reads the source back in the background, with every check, and lists what it finds. */
    private void validate() {
        long mine = generation.incrementAndGet();
        String text = source.get();
        String name = title();
        try {
            background.execute(() -> validateNow(mine, name, text));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the window is closing and its background thread is gone: nothing is left to show problems to
        }
    }

    private void validateNow(long mine, String name, String text) {
        if (generation.get() != mine) {
            return;
        }
        List<Problem> found;
        try {
            found = HarnessReader.parse(name, text).warnings();
        } catch (DocumentException e) {
            found = e.problems();
        }
        List<Problem> result = found;
        fx.execute(() -> {
            if (generation.get() == mine) {
                problems.setAll(result);
            }
        });
    }
}
