package dev.bridle.expr;

/**
 * Evaluating a rule expression failed (a missing key, a cap reached). Callers fail closed: a failed permission
 * condition denies, a failed guard condition stops.
 */
public final class ExprFailure extends Exception {
    public ExprFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public ExprFailure(String message) {
        super(message);
    }
}
