package dev.bridle.model;

/** A model could not answer: unreachable, timed out, out of script, or answered something unusable. */
public final class ModelException extends Exception {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
