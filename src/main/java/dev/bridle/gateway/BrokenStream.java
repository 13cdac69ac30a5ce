package dev.bridle.gateway;

import java.io.IOException;

/**
 * The upstream's stream cannot go on: it failed, stayed silent past the limit, or broke its door's framing (rule
 * {@value #FRAMING_RULE}). The client is still listening, so it is told with an error event in its API's shape, and
 * the session records the reason.
 */
final class BrokenStream extends IOException {

    /** The rule that ends a stream whose event the door cannot read as its API defines it. */
    static final String FRAMING_RULE = "gateway.stream-framing";

    private final boolean told;

    BrokenStream(String message, Throwable cause) {
        this(message, cause, false);
    }

    private BrokenStream(String message, Throwable cause, boolean told) {
        super(message, cause);
        this.told = told;
    }

    /** Whether the door has already written the error event to the client (in its own sequence). */
    boolean told() {
        return told;
    }

    /** The same, once the door has told the client. */
    BrokenStream asTold() {
        return new BrokenStream(getMessage(), this, true);
    }

    /** A framing violation of door {@code door}: {@code what} it sent, quoted short. */
    static BrokenStream framing(String door, String what, String data) {
        String shown = data.length() > 120 ? data.substring(0, 120) + "…" : data;
        return new BrokenStream("the upstream's " + door + " stream broke rule " + FRAMING_RULE + ": " + what
                + (data.isEmpty() ? "" : " (" + shown.replace("\n", "\\n").replace("\r", "\\r") + ")"), null);
    }
}
