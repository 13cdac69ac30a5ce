package dev.bridle.model;

import java.util.Objects;

/**
 * A model could not answer: unreachable, timed out, out of script, or answered something unusable.
 *
 * <p>The message is one line that starts with what happened, then the detail in parentheses, for example
 * {@code model unreachable (connection refused: http://127.0.0.1:11434)}. It never contains an API key.
 */
public final class ModelException extends Exception {

    /** What went wrong, so that callers (an {@code onError} policy, the workbench) can tell failures apart. */
    public enum Kind {
        /**
         * Nothing listens at the server's address, nothing accepted a connection within the connect timeout, or the
         * connection broke. Not retried: the call fails at once.
         */
        UNREACHABLE,
        /** The server's host name did not resolve. */
        DNS,
        /** The server accepted the connection but gave no complete answer within the request timeout. */
        TIMEOUT,
        /** The server kept answering with HTTP 5xx until the retries ran out. */
        SERVER_ERROR,
        /** The server kept answering with HTTP 429 until the retries ran out. */
        RATE_LIMITED,
        /** The server refused the request with an HTTP 4xx other than 429 (unknown model, bad key); not retried. */
        REJECTED,
        /** The server answered, but not with the JSON its API documents. */
        MALFORMED_RESPONSE,
        /** The model called a tool that the request did not offer. */
        UNKNOWN_TOOL,
        /** The model called a tool with arguments that are not JSON or do not match the tool's schema. */
        BAD_ARGUMENTS,
        /** The scripted model has no more turns. */
        SCRIPT_EXHAUSTED,
        /** The calling thread was interrupted while it waited for the model. */
        INTERRUPTED,
        /** Anything else. */
        OTHER
    }

    private final Kind kind;

    public ModelException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ModelException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A failure of kind {@link Kind#OTHER}. */
    public ModelException(String message) {
        this(Kind.OTHER, message);
    }

    /** A failure of kind {@link Kind#OTHER}. */
    public ModelException(String message, Throwable cause) {
        this(Kind.OTHER, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
