package dev.bridle.app.editor;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.PropertyEditor;

/**
 * A ControlsFX {@link PropertySheet} showing one {@link Form}: a row per field, edited by a {@link FieldEditor}.
 * A value is committed as an edit on the document; a refused value stays in its field with the reason beside it.
 */
public final class FormSheet extends VBox {

    private final HarnessDocument document;
    private final PropertySheet sheet = new PropertySheet();
    private final Label title = new Label();
    private Form form;
    private Consumer<String> afterRename = id -> { };

    public FormSheet(HarnessDocument document) {
        super(6);
        this.document = document;
        getStyleClass().add("form-sheet");
        title.getStyleClass().add("form-title");
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setMode(PropertySheet.Mode.NAME);
        sheet.setPropertyEditorFactory(item -> ((FieldItem) item).editor());
        getChildren().addAll(title, sheet);
        javafx.scene.layout.VBox.setVgrow(sheet, javafx.scene.layout.Priority.ALWAYS);
    }

    /** Called with the new id when the form's {@code id} field renamed the thing, so the selection can follow. */
    public void setOnRename(Consumer<String> afterRename) {
        this.afterRename = afterRename;
    }

    /** Shows {@code form}, or nothing when it is {@code null}. */
    public void show(Form next) {
        this.form = next;
        title.setText(next == null ? "" : next.title());
        if (next == null) {
            sheet.getItems().clear();
            return;
        }
        List<PropertySheet.Item> items = next.fields().stream().map(f -> (PropertySheet.Item) new FieldItem(f))
                .toList();
        sheet.getItems().setAll(FXCollections.observableArrayList(items));
    }

    /** The form shown, or {@code null}. */
    public Form form() {
        return form;
    }

    /**
     * Sets {@code key} to {@code value} as the user would: the reason it was refused, or {@code ""} when it was
     * taken.
     */
    public String commit(String key, String value) {
        Form f = form;
        if (f == null) {
            return "nothing is selected";
        }
        String before = f.values().get(key);
        if (value.equals(before)) {
            return "";
        }
        try {
            if (!document.execute(f.edit(key, value)) && !document.lastRefusalProperty().get().isEmpty()) {
                return document.lastRefusalProperty().get();
            }
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            return e.getMessage() == null ? "not a valid value" : e.getMessage();
        }
        if (key.equals("id")) {
            afterRename.accept(value.strip());
        }
        return "";
    }

    /** A field as the property sheet sees it. */
    private final class FieldItem implements PropertySheet.Item {
        private final Field field;

        FieldItem(Field field) {
            this.field = field;
        }

        PropertyEditor<?> editor() {
            return new FieldEditor(field, FormSheet.this::commit, () -> {
                Form f = form;
                return f == null ? "" : f.values().getOrDefault(field.key(), "");
            }, document.harnessProperty());
        }

        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public String getCategory() {
            return "";
        }

        @Override
        public String getName() {
            return field.key();
        }

        @Override
        public String getDescription() {
            return field.help();
        }

        @Override
        public Object getValue() {
            Form f = form;
            return f == null ? "" : f.values().getOrDefault(field.key(), "");
        }

        @Override
        public void setValue(Object value) {
            commit(field.key(), String.valueOf(value));
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.empty();
        }

        @Override
        public boolean isEditable() {
            return field.kind() != Field.Kind.READ_ONLY;
        }
    }
}
