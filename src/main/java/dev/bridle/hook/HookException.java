package dev.bridle.hook;

/** A hook call that cannot be answered: malformed input, or a store that stays busy; the message is one line. */
public final class HookException extends Exception {

    public HookException(String message) {
        super(message);
    }

    public HookException(String message, Throwable cause) {
        super(message, cause);
    }
}
