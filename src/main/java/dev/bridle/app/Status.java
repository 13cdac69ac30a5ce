package dev.bridle.app;

import dev.bridle.engine.RunResult;

/**
 * The status line: one message and the tone it is shown in.
 *
 * @param tone how the message is coloured
 * @param text the message, one line
 */
public record Status(Tone tone, String text) {

    /** How a status message is coloured. */
    public enum Tone {
        NEUTRAL,
        BUSY,
        SUCCESS,
        WARNING,
        DANGER
    }

    public static Status neutral(String text) {
        return new Status(Tone.NEUTRAL, text);
    }

    public static Status busy(String text) {
        return new Status(Tone.BUSY, text);
    }

    public static Status warning(String text) {
        return new Status(Tone.WARNING, text);
    }

    public static Status danger(String text) {
        return new Status(Tone.DANGER, text);
    }

    /** The headline of a finished run, in the tone of its outcome: a stop by a guard is a warning, not a success. */
    public static Status of(RunResult result) {
        Tone tone = switch (result.outcome()) {
            case COMPLETED -> Tone.SUCCESS;
            case STOPPED, INTERRUPTED -> Tone.WARNING;
            case FAILED -> Tone.DANGER;
        };
        return new Status(tone, result.headline());
    }
}
