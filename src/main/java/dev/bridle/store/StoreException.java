package dev.bridle.store;

/** The run store could not be opened, read or written; the message says what to do. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
