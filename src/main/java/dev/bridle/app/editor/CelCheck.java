package dev.bridle.app.editor;

import dev.bridle.expr.ExprIssue;
import dev.bridle.expr.Expressions;
import java.util.Optional;

/** Checks a CEL condition as the user types it: parsed and type-checked against the run state, as a run would. */
public final class CelCheck {

    private CelCheck() {}

    /** What is wrong with {@code source} as a condition ({@code column N: message}), or empty when it is fine. */
    public static Optional<String> problem(String source) {
        if (source == null || source.isBlank()) {
            return Optional.of("a condition is needed, such as state.tests.failed == 0");
        }
        return switch (Expressions.compile(source)) {
            case Expressions.Compiled.Ok ok -> Optional.empty();
            case Expressions.Compiled.Invalid bad -> {
                ExprIssue first = bad.issues().getFirst();
                yield Optional.of("column " + first.column() + ": " + first.message());
            }
        };
    }
}
