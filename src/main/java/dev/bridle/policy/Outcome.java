package dev.bridle.policy;

import java.util.Locale;
import java.util.Optional;

/** How a run ends. Reaching a limit is {@link #STOPPED}, never {@link #COMPLETED}. */
public enum Outcome {
    COMPLETED,
    STOPPED,
    FAILED,
    INTERRUPTED;

    /** The lower-case word used in documents, events and the CLI. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Outcome> ofWord(String word) {
        for (Outcome o : values()) {
            if (o.word().equals(word)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
