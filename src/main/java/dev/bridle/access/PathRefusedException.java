package dev.bridle.access;

import java.io.IOException;

/** Thrown when a {@link PathScope} refuses a path; the message is the reason, fit for a tool error. */
public final class PathRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    public PathRefusedException(String reason) {
        super(reason);
    }
}
