package dev.bridle.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Standard output can no longer be written, usually because the reader at the other end of a pipe has gone
 * ({@code bridle runs show RUN | head -1}): the command ends at once and quietly with {@link ExitCodes#CLOSED_OUTPUT}.
 */
final class OutputClosedException extends UncheckedIOException {

    OutputClosedException(IOException cause) {
        super("standard output is closed", cause);
    }

    /** Whether {@code t}, or anything that caused it, is a closed output. */
    static boolean isCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutputClosedException) {
                return true;
            }
        }
        return false;
    }
}
