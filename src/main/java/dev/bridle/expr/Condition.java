package dev.bridle.expr;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/**
 * A compiled, type-checked rule expression that yields a boolean. Compiled once, evaluated many times.
 */
public final class Condition {

    private final String source;
    private final CelRuntime.Program program;

    Condition(String source, CelRuntime.Program program) {
        this.source = source;
        this.program = program;
    }

    public String source() {
        return source;
    }

    /**
     * Evaluates the condition over a run state (see {@link RunStateType} for the variable names).
     *
     * @throws ExprFailure when evaluation fails or reaches a cap; callers fail closed
     */
    public boolean test(Map<String, ?> activation) throws ExprFailure {
        Object result;
        EvaluationBudget budget = new EvaluationBudget(System.nanoTime());
        try {
            result = program.trace(activation, budget);
        } catch (CelEvaluationException e) {
            if (spent(e) instanceof EvaluationBudget.Spent spent) {
                throw budgetFailure(spent);
            }
            throw new ExprFailure("'" + source + "' failed: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            if (spent(e) instanceof EvaluationBudget.Spent spent) {
                throw budgetFailure(spent);
            }
            throw new ExprFailure("'" + source + "' failed: " + e, e);
        }
        if (result instanceof Boolean b) {
            return b;
        }
        throw new ExprFailure("'" + source + "' gave " + result + ", not true or false");
    }

    private ExprFailure budgetFailure(EvaluationBudget.Spent spent) {
        return new ExprFailure("'" + source + "' failed: the evaluation spent " + spent.getMessage()
                + "; a condition must stay cheap, so it fails closed", spent);
    }

    /** The budget's signal, wherever the interpreter wrapped it. */
    private static Throwable spent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EvaluationBudget.Spent) {
                return t;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public String toString() {
        return source;
    }
}
