package dev.bridle.bench;

import dev.bridle.expr.Condition;
import dev.bridle.expr.ExprFailure;
import dev.bridle.expr.Expressions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One evaluation of an adversarial condition (within the size, nesting and iteration caps) over 256 KB values in
 * {@code state}, {@code tool.args} and {@code last.result}: the evaluation budget must end each within 10 ms.
 * Run: {@code mvn -B -o -Pbench verify -Dbench.args='ConditionBudgetBench -prof gc'}; read the p1.00 (max) column.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ConditionBudgetBench {

    @Param({
        "state.list.all(x, state.list.exists(y, (x + state.big).contains(y)))",
        "state.list.all(x, (state.big + x).size() > 0)",
        "tool.args.list.exists(x, (x + tool.args.path + last.result).endsWith('b'))",
        "state.map.all(k, state.map.all(j, state.map[k] <= state.map[j] || true))",
        "state.list.all(x, state.list.all(y, x != y + 'z'))",
        "state.list.map(x, state.big + x).filter(y, y.size() > 0).size() > 0",
        "last.result.matches('(a|b)*c$')",
        "tool.args.path.matches('a')",
        "last.result.contains(tool.args.path + 'b')",
    })
    public String source;

    private Condition condition;
    private Map<String, Object> state;

    @Setup
    public void setUp() throws ExprFailure {
        condition = Expressions.condition(source);
        String big = "a".repeat(256 * 1024);
        List<Object> list = new ArrayList<>();
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            list.add("x".repeat(256) + i);
            map.put("k" + i, (long) i);
        }
        state = Map.of(
                "state", Map.of("big", big, "list", list, "map", map),
                "tool", Map.of("name", "fs.read", "args", Map.of("path", big, "list", list)),
                "last", Map.of("tool", "fs.read", "ok", true, "result", big));
    }

    @Benchmark
    public String evaluate() {
        try {
            return String.valueOf(condition.test(state));
        } catch (ExprFailure e) {
            // Failing closed is the expected outcome for most; the time to get there is what is measured.
            return e.getMessage();
        }
    }
}
