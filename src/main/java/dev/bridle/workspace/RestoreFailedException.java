package dev.bridle.workspace;

import java.io.IOException;

/** A restore that stopped halfway: the message names the path and how many paths were already restored. */
public final class RestoreFailedException extends IOException {

    private final int restored;

    RestoreFailedException(String message, int restored, Throwable cause) {
        super(message, cause);
        this.restored = restored;
    }

    /** How many paths were restored before the failure. */
    public int restored() {
        return restored;
    }
}
