package dev.bridle.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A condition within the size, nesting and iteration caps still cannot cost more than its budget to evaluate. */
class EvaluationBudgetTest {

    private static final String BIG = "a".repeat(256 * 1024);

    /** A run state with 256 KB values where a live model and real tools put them. */
    static Map<String, Object> adversarialState() {
        List<Object> list = new ArrayList<>();
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            list.add("x".repeat(256) + i);
            map.put("k" + i, (long) i);
        }
        return Map.of(
                "state", Map.of("big", BIG, "list", list, "map", map),
                "tool", Map.of("name", "fs.read", "args", Map.of("path", BIG, "list", list)),
                "last", Map.of("tool", "fs.read", "ok", true, "result", BIG));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "state.list.all(x, state.list.exists(y, (x + state.big).contains(y)))",
        "state.list.all(x, (state.big + x).size() > 0)",
        "tool.args.list.exists(x, (x + tool.args.path + last.result).endsWith('b'))",
        "state.list.map(x, state.big + x).filter(y, y.size() > 0).size() > 0",
    })
    void aComprehensionOverLargeValuesFailsClosedNamingItsCostBudget(String source) throws ExprFailure {
        Condition c = Expressions.condition(source);

        assertThatThrownBy(() -> c.test(adversarialState()))
                .isInstanceOf(ExprFailure.class)
                .hasMessageContaining("cost budget of " + EvaluationBudget.MAX_COST + " units");
    }

    @Test
    void nestedComprehensionsOverALargeMapFailClosed() throws ExprFailure {
        Condition c = Expressions.condition("state.map.all(k, state.map.all(j, state.map[k] <= state.map[j] || true))");

        // The map is read, not copied, so the iteration cap ends this one before the cost budget does.
        assertThatThrownBy(() -> c.test(adversarialState())).isInstanceOf(ExprFailure.class)
                .hasMessageContaining("budget");
    }

    @Test
    void aRegularExpressionOverALongTextFailsBeforeMatching() throws ExprFailure {
        Condition c = Expressions.condition("last.result.matches('(a|b)*c$')");

        assertThatThrownBy(() -> c.test(adversarialState()))
                .isInstanceOf(ExprFailure.class)
                .hasMessageContaining("budget for one regular expression match");
    }

    @Test
    void ordinaryConditionsOverLargeValuesStillEvaluate() throws ExprFailure {
        Map<String, Object> state = adversarialState();

        assertThat(Expressions.condition("last.result.contains('b')").test(state)).isFalse();
        assertThat(Expressions.condition("[1, 2, 3, 4, 5, 6, 7, 8].all(i, last.result.startsWith('a'))").test(state))
                .isTrue();
        assertThat(Expressions.condition("size(state.big) > 1000 && state.big.startsWith('a')").test(state)).isTrue();
        assertThat(Expressions.condition("state.list.exists(x, x.endsWith('999'))").test(state)).isTrue();
        assertThat(Expressions.condition("'fail'.matches('^f.*l$')").test(Map.of())).isTrue();
    }
}
