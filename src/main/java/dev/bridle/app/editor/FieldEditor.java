package dev.bridle.app.editor;

import java.util.function.BiFunction;
import java.util.function.Supplier;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.controlsfx.property.editor.PropertyEditor;

/**
 * The editor of one form field: a text field (committed on Enter or when focus leaves) or a choice (committed on
 * selection), with a message line under it. A CEL field is checked on every keystroke: an error underlines the text
 * (style class {@code cel-error}) and its message appears under the field, before anything is committed.
 */
public final class FieldEditor implements PropertyEditor<Object> {

    /** The style class of a field whose text is not a valid condition (or was refused). */
    public static final String ERROR = "cel-error";

    /** How many choices are measured for a choice box's width. */
    private static final int MEASURED_CHOICES = 30;

    private final Field field;
    private final BiFunction<String, String, String> commit;
    private final Supplier<String> current;
    private final VBox box = new VBox(2);
    private final Label message = new Label();
    private final TextField text;
    private final ComboBox<String> choice;
    private final javafx.beans.InvalidationListener onChange = o -> refresh();

    /**
     * @param commit sets a field's value; returns why it was refused, or {@code ""}
     * @param current the field's value now
     * @param changes fires whenever the value may have changed (an undo, an edit elsewhere)
     */
    public FieldEditor(Field field, BiFunction<String, String, String> commit, Supplier<String> current,
            ObservableValue<?> changes) {
        this.field = field;
        this.commit = commit;
        this.current = current;
        box.getStyleClass().add("field-editor");
        message.getStyleClass().add("field-message");
        message.setWrapText(true);
        message.setManaged(false);
        message.setVisible(false);
        if (field.kind() == Field.Kind.CHOICE) {
            text = null;
            choice = new ComboBox<>();
            choice.getItems().setAll(field.choices());
            choice.setMaxWidth(Double.MAX_VALUE);
            // its width is that of its widest item; measuring all of them (say, every node of a 500-node graph for
            // the start node) makes a cell for each
            choice.getProperties().put("comboBoxRowsToMeasureWidth", MEASURED_CHOICES);
            choice.setId("field-" + id(field.key()));
            choice.setOnAction(e -> {
                if (choice.getValue() != null && !choice.getValue().equals(current.get())) {
                    show(commit.apply(field.key(), choice.getValue()));
                }
            });
            box.getChildren().addAll(choice, message);
        } else {
            choice = null;
            text = new TextField();
            text.setId("field-" + id(field.key()));
            text.setEditable(field.kind() != Field.Kind.READ_ONLY);
            text.setOnAction(e -> commitText());
            text.focusedProperty().addListener((o, was, now) -> {
                if (!now) {
                    commitText();
                }
            });
            if (field.kind() == Field.Kind.CEL) {
                text.textProperty().addListener((o, was, now) -> checkCel(now));
            }
            box.getChildren().addAll(text, message);
        }
        box.setUserData(this);
        dev.bridle.app.graph.LazyTooltip.install(box, field::help);
        refresh();
        // weak, so that an editor the sheet has dropped does not stay alive through the document
        changes.addListener(new javafx.beans.WeakInvalidationListener(onChange));
    }

    private static String id(String key) {
        return key.replace(' ', '-');
    }

    private void commitText() {
        if (text.isEditable() && !text.getText().equals(current.get())) {
            String refused = commit.apply(field.key(), text.getText());
            show(refused);
            if (refused.isEmpty() && field.kind() == Field.Kind.CEL) {
                checkCel(text.getText());
            }
        }
    }

    private void checkCel(String source) {
        String problem = field.key().equals("condition") && source.isBlank() && field.help().contains("empty")
                ? "" : CelCheck.problem(source).orElse("");
        show(problem);
    }

    private void show(String problem) {
        boolean bad = !problem.isEmpty();
        message.setText(problem);
        message.setVisible(bad);
        message.setManaged(bad);
        Node control = text != null ? text : choice;
        if (bad) {
            if (!control.getStyleClass().contains(ERROR)) {
                control.getStyleClass().add(ERROR);
            }
        } else {
            control.getStyleClass().remove(ERROR);
        }
    }

    /** Shows the field's current value, unless the user is typing in it. */
    private void refresh() {
        String now = current.get();
        if (text != null) {
            if (!text.isFocused() && !now.equals(text.getText())) {
                text.setText(now);
                show("");
                if (field.kind() == Field.Kind.CEL) {
                    checkCel(now);
                }
            }
        } else if (!now.equals(choice.getValue())) {
            choice.setValue(now);
        }
    }

    /** The message under the field ({@code ""} when there is none). */
    public String message() {
        return message.isVisible() ? message.getText() : "";
    }

    @Override
    public Node getEditor() {
        return box;
    }

    @Override
    public Object getValue() {
        return text != null ? text.getText() : choice.getValue();
    }

    @Override
    public void setValue(Object value) {
        refresh();
    }
}
