package dev.bridle.expr;

/**
 * A problem with a rule expression, located inside the expression text (1-based line and column).
 */
public record ExprIssue(int line, int column, String message) {
    @Override
    public String toString() {
        return line + ":" + column + ": " + message;
    }
}
