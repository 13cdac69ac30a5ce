package dev.bridle.app.editor;

import java.util.List;

/**
 * One field of an inspector form: its key, how it is edited, and for a choice the words it offers. Values travel as
 * text; the form that owns the field reads and checks them.
 *
 * @param key the field's name as the form shows it
 * @param kind how the value is edited
 * @param choices the words a {@link Kind#CHOICE} offers
 * @param help one line on what the field means
 */
public record Field(String key, Kind kind, List<String> choices, String help) {

    /** How a field is edited. */
    public enum Kind {
        /** Free text. */
        TEXT,
        /** A CEL condition over the run state, checked as it is typed. */
        CEL,
        /** A whole number. */
        NUMBER,
        /** A comma-separated list. */
        LIST,
        /** One of {@link Field#choices()}. */
        CHOICE,
        /** Shown, not edited. */
        READ_ONLY
    }

    public Field {
        choices = List.copyOf(choices);
    }

    static Field text(String key, String help) {
        return new Field(key, Kind.TEXT, List.of(), help);
    }

    static Field cel(String key, String help) {
        return new Field(key, Kind.CEL, List.of(), help);
    }

    static Field number(String key, String help) {
        return new Field(key, Kind.NUMBER, List.of(), help);
    }

    static Field list(String key, String help) {
        return new Field(key, Kind.LIST, List.of(), help);
    }

    static Field choice(String key, List<String> choices, String help) {
        return new Field(key, Kind.CHOICE, choices, help);
    }

    static Field shown(String key, String help) {
        return new Field(key, Kind.READ_ONLY, List.of(), help);
    }
}
