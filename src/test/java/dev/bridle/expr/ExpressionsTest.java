package dev.bridle.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionsTest {

    private static Condition ok(String source) {
        Expressions.Compiled c = Expressions.compile(source);
        assertThat(c).as("%s", c).isInstanceOf(Expressions.Compiled.Ok.class);
        return ((Expressions.Compiled.Ok) c).condition();
    }

    private static List<ExprIssue> issues(String source) {
        Expressions.Compiled c = Expressions.compile(source);
        assertThat(c).isInstanceOf(Expressions.Compiled.Invalid.class);
        return ((Expressions.Compiled.Invalid) c).issues();
    }

    @Test
    void evaluatesAConditionOverTheRunState() throws Exception {
        Condition c = ok("state.tests.failed == 0 && steps < 10");
        assertThat(c.test(Map.of("state", Map.of("tests", Map.of("failed", 0L)), "steps", 3L))).isTrue();
        assertThat(c.test(Map.of("state", Map.of("tests", Map.of("failed", 2L)), "steps", 3L))).isFalse();
    }

    @Test
    void toolArgumentsCanBeMatched() throws Exception {
        Condition c = ok("tool.name == 'fs.write' && tool.args.path.endsWith('.lock')");
        assertThat(c.test(Map.of("tool", Map.of("name", "fs.write", "args", Map.of("path", "a/b.lock"))))).isTrue();
        assertThat(c.test(Map.of("tool", Map.of("name", "fs.write", "args", Map.of("path", "a/b.txt"))))).isFalse();
    }

    @Test
    void aTypeErrorIsLocatedInTheExpression() {
        assertThat(issues("steps == 'ten'")).singleElement().satisfies(i -> {
            assertThat(i.line()).isEqualTo(1);
            assertThat(i.column()).isEqualTo(7);
            assertThat(i.message()).contains("no matching overload");
        });
    }

    @Test
    void anUnknownVariableIsAnError() {
        assertThat(issues("stpes > 3").getFirst().message()).contains("undeclared reference to 'stpes'");
    }

    @Test
    void aNonBooleanResultIsAnError() {
        assertThat(issues("steps + 1")).isNotEmpty();
    }

    @Test
    void deeplyNestedMacrosAreRefusedAtCompileTime() {
        String exponential = "[1,2,3].all(a, [1,2,3].all(b, [1,2,3].all(c, [1,2,3].all(d, a+b+c+d > 0))))";
        assertThat(issues(exponential).getFirst().message()).contains("nested 4 deep");
    }

    @Test
    void aHugeExpressionIsRefused() {
        String huge = "steps > 0" + " && steps > 0".repeat(400);
        assertThat(issues(huge).getFirst().message()).contains("longer than");
    }

    @Test
    void deepParenthesesAreRefused() {
        String deep = "(".repeat(200) + "true" + ")".repeat(200);
        assertThat(issues(deep)).isNotEmpty();
    }

    @Test
    void iterationCapFailsClosedAtRuntime() {
        Condition c = ok("state.items.all(x, x.all(y, y >= 0))");
        List<Long> inner = java.util.stream.LongStream.range(0, 5_000).boxed().toList();
        assertThatThrownBy(() -> c.test(Map.of("state", Map.of("items", List.of(inner)))))
                .isInstanceOf(ExprFailure.class);
    }

    @Test
    void aMissingKeyFailsRatherThanGuessing() {
        Condition c = ok("state.tests.failed == 0");
        assertThatThrownBy(() -> c.test(Map.of("state", Map.of()))).isInstanceOf(ExprFailure.class)
                .hasMessageContaining("state.tests.failed == 0");
    }
}
