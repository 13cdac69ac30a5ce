package dev.bridle.expr;

/**
 * Evaluating a rule expression failed (a missing key, a cap reached). Callers fail closed: a failed permission
 * condition denies, a failed guard condition stops.
 */
public final class ExprFailure extends Exception {
    public ExprFailure(String message, Throwable cause) {
        // No stack trace: conditions fail on missing variables as a matter of course, and callers only read the message.
        super(message, cause, false, false);
    }

    public ExprFailure(String message) {
        super(message, null, false, false);
    }
}
