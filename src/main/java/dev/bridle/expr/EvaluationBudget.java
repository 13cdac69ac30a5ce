package dev.bridle.expr;

import com.google.protobuf.ByteString;
import dev.cel.common.ast.CelExpr;
import com.google.re2j.Pattern;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The budget of one evaluation of a condition: a cost, counted from the size of every value the evaluation produces,
 * and a time, checked at every step. The size, nesting and iteration caps bound how often a comprehension runs its
 * body, not what the body costs: a body that copies a 256 KB value a million times stays within them. cel-java 0.11
 * has no cost limit of its own at run time, so this listener counts: it is told of each sub-expression's value as it
 * is produced, and throws when the budget is spent, which ends the evaluation before the next operation runs.
 */
final class EvaluationBudget implements CelEvaluationListener {

    /**
     * Cost units per evaluation, roughly nanoseconds of interpreter work on a modest machine: {@value #PER_STEP} per
     * sub-expression evaluated, one per character of a string value
     * and {@value #PER_ELEMENT} per element of a list or map value (the interpreter adapts them element by element).
     * A large value is charged once however often it is read (the same object comes back from {@code last.result}
     * each time), so a condition may look at a 1 MB tool result several times; a value computed again is a new
     * object and is charged again. Counting values rather than time keeps the verdict the same on any machine.
     */
    static final long MAX_COST = 2_000_000;

    static final long PER_STEP = 100;
    static final long PER_ELEMENT = 16;

    /**
     * The time per evaluation: a backstop for work the sizes do not show, not the main limit. It is generous, since
     * the first evaluation of a condition on a loaded machine runs cold (class loading, the interpreter's first pass),
     * and a legitimate condition must not fail by the clock; the cost budget keeps adversarial ones far below it.
     */
    static final long MAX_NANOS = 500_000_000;

    /** Text length times pattern length for one {@code matches} call. */
    static final long MAX_MATCH_WORK = 1_000_000;

    private static final Map<String, Pattern> RE2J = new ConcurrentHashMap<>();

    /** Values below this weight are charged every time: tracking them would cost more than it saves. */
    private static final long TRACKED = 1024;

    private final long started;
    private final Set<Object> charged = Collections.newSetFromMap(new IdentityHashMap<>());
    private long cost;

    EvaluationBudget(long started) {
        this.started = started;
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        long weight = weight(value);
        cost += PER_STEP + (weight >= TRACKED && !charged.add(value) ? 0 : weight);
        if (cost > MAX_COST) {
            throw new Spent("its cost budget of " + MAX_COST + " units (sub-expressions evaluated and the sizes"
                    + " of the values they produce)");
        }
        if (System.nanoTime() - started > MAX_NANOS) {
            throw new Spent("its time budget of " + MAX_NANOS / 1_000_000 + " ms");
        }
    }

    /**
     * {@code matches} with its work bounded before it starts: one call of a regular expression over a long text is a
     * single step to the listener, so its cost (input length times pattern length, the bound of RE2's linear-time
     * matching) is checked here, before matching.
     */
    static List<CelFunctionBinding> boundedMatches() {
        CelFunctionOverload.Binary<String, String> matches = (text, regex) -> {
            long work = (long) text.length() * Math.max(1, regex.length());
            if (work > MAX_MATCH_WORK) {
                throw new Spent("its budget for one regular expression match (" + MAX_MATCH_WORK + " units of text"
                        + " length times pattern length; this one needs " + work + ")");
            }
            return RE2J.computeIfAbsent(regex, Pattern::compile).matcher(text).find();
        };
        return List.of(
                CelFunctionBinding.from("matches", String.class, String.class, matches),
                CelFunctionBinding.from("matches_string", String.class, String.class, matches));
    }

    long cost() {
        return cost;
    }

    static long weight(Object value) {
        return switch (value) {
            case String s -> s.length();
            case ByteString b -> b.size();
            case Collection<?> c -> c.size() * PER_ELEMENT;
            case Map<?, ?> m -> m.size() * PER_ELEMENT;
            case null, default -> 0;
        };
    }

    /** The budget is spent; thrown through the interpreter and turned into an {@link ExprFailure}. */
    static final class Spent extends RuntimeException {
        Spent(String what) {
            super(what, null, false, false);
        }
    }
}
