package dev.bridle.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles rule expressions (CEL) against the {@link RunStateType}, with caps that make every expression cheap to
 * evaluate. cel-java has no runtime cost limit and leaves comprehension iteration unbounded by default, so this class:
 *
 * <ul>
 *   <li>caps expression size ({@value #MAX_LENGTH} code points) and parse nesting ({@value #MAX_DEPTH});
 *   <li>caps comprehension nesting ({@value #MAX_COMPREHENSION_NESTING}) and iterations per comprehension
 *       ({@value #MAX_ITERATIONS}), so nested {@code all}/{@code map} cannot go exponential;
 *   <li>gives every evaluation a budget of cost and time ({@link EvaluationBudget}), since a comprehension within
 *       the caps can still copy a large value a million times;
 *   <li>reports every cap as a compile error or an {@link ExprFailure}, on which callers fail closed.
 * </ul>
 *
 * Compiled conditions are cached by source text; the class is thread-safe.
 */
public final class Expressions {

    public static final int MAX_LENGTH = 2_000;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_COMPREHENSION_NESTING = 2;
    public static final int MAX_ITERATIONS = 1_000;

    private static final CelOptions OPTIONS = CelOptions.current()
            .maxExpressionCodePointSize(MAX_LENGTH)
            .maxParseRecursionDepth(MAX_DEPTH)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .build();
    private static final CelCompiler COMPILER = compiler();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            // matches is replaced by one that checks its work before it starts (see EvaluationBudget).
            .setStandardEnvironmentEnabled(false)
            .setStandardFunctions(CelStandardFunctions.newBuilder()
                    .excludeFunctions(CelStandardFunctions.StandardFunction.MATCHES).build())
            .addFunctionBindings(EvaluationBudget.boundedMatches())
            .build();
    private static final ConcurrentHashMap<String, Compiled> CACHE = new ConcurrentHashMap<>();

    private Expressions() {}

    private static CelCompiler compiler() {
        CelCompilerBuilder b = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL);
        RunStateType.declarations().forEach(b::addVar);
        return b.build();
    }

    /** The result of compiling: a condition, or the issues that stop it from being one. */
    public sealed interface Compiled permits Compiled.Ok, Compiled.Invalid {
        /** A valid condition. */
        record Ok(Condition condition) implements Compiled {}

        /** The expression does not parse, does not type-check, or exceeds a cap. */
        record Invalid(List<ExprIssue> issues) implements Compiled {}
    }

    /** Compiles {@code source} to a boolean condition over the run state. */
    public static Compiled compile(String source) {
        return CACHE.computeIfAbsent(source, Expressions::compileUncached);
    }

    /** Compiles, or throws with the first issue; for callers holding an expression already validated. */
    public static Condition condition(String source) throws ExprFailure {
        return switch (compile(source)) {
            case Compiled.Ok ok -> ok.condition();
            case Compiled.Invalid bad -> throw new ExprFailure("'" + source + "' is not a valid condition: "
                    + bad.issues().getFirst());
        };
    }

    private static Compiled compileUncached(String source) {
        if (source.codePointCount(0, source.length()) > MAX_LENGTH) {
            return new Compiled.Invalid(List.of(new ExprIssue(1, 1,
                    "the expression is longer than " + MAX_LENGTH + " characters")));
        }
        CelAbstractSyntaxTree ast;
        try {
            CelValidationResult result = COMPILER.compile(source);
            ast = result.getAst();
        } catch (CelValidationException e) {
            List<ExprIssue> issues = new ArrayList<>();
            for (CelIssue issue : e.getErrors()) {
                issues.add(new ExprIssue(
                        Math.max(1, issue.getSourceLocation().getLine()),
                        Math.max(0, issue.getSourceLocation().getColumn()) + 1,
                        issue.getMessage()));
            }
            if (issues.isEmpty()) {
                issues.add(new ExprIssue(1, 1, String.valueOf(e.getMessage())));
            }
            return new Compiled.Invalid(List.copyOf(issues));
        } catch (RuntimeException e) {
            // The parser's own recursion guard surfaces as a runtime exception on pathological input.
            return new Compiled.Invalid(List.of(new ExprIssue(1, 1, "the expression is too deeply nested")));
        }
        int nesting = comprehensionNesting(ast.getExpr());
        if (nesting > MAX_COMPREHENSION_NESTING) {
            return new Compiled.Invalid(List.of(new ExprIssue(1, 1, "macros such as all/exists/map are nested "
                    + nesting + " deep; at most " + MAX_COMPREHENSION_NESTING + " are allowed")));
        }
        try {
            return new Compiled.Ok(new Condition(source, RUNTIME.createProgram(ast)));
        } catch (CelEvaluationException e) {
            return new Compiled.Invalid(List.of(new ExprIssue(1, 1, String.valueOf(e.getMessage()))));
        }
    }

    /** The deepest nesting of comprehensions (macros such as all, exists, map, filter) in an expression. */
    static int comprehensionNesting(CelExpr e) {
        return switch (e.getKind()) {
            case COMPREHENSION -> {
                CelExpr.CelComprehension c = e.comprehension();
                int inner = max(List.of(c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(), c.result()));
                yield 1 + inner;
            }
            case CALL -> {
                List<CelExpr> children = new ArrayList<>(e.call().args());
                e.call().target().ifPresent(children::add);
                yield max(children);
            }
            case SELECT -> comprehensionNesting(e.select().operand());
            case LIST -> max(e.list().elements());
            case MAP -> max(e.map().entries().stream().flatMap(x -> java.util.stream.Stream.of(x.key(), x.value()))
                    .toList());
            case STRUCT -> max(e.struct().entries().stream().map(CelExpr.CelStruct.Entry::value).toList());
            default -> 0;
        };
    }

    private static int max(List<CelExpr> exprs) {
        int m = 0;
        for (CelExpr x : exprs) {
            m = Math.max(m, comprehensionNesting(x));
        }
        return m;
    }
}
