package dev.bridle.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * What a permission rule decides. When several rules match, the strongest wins: deny over ask over allow.
 */
public enum Effect {
    ALLOW,
    ASK,
    DENY;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Effect> ofWord(String word) {
        for (Effect e : values()) {
            if (e.word().equals(word)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
