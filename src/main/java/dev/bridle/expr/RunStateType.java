package dev.bridle.expr;

import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run-state type that every rule expression is checked against: the variables a condition may read.
 *
 * <ul>
 *   <li>{@code state}: the run's variables, set by tools and hand-offs ({@code state.tests.failed});
 *   <li>{@code steps}, {@code turns}: completed steps and agent turns;
 *   <li>{@code tokens}: {@code tokens.context} (current context) and {@code tokens.total} (spent so far);
 *   <li>{@code node}, {@code agent}: where the run is;
 *   <li>{@code tool}: the tool call being decided ({@code tool.name}, {@code tool.args.path}), empty outside a call;
 *   <li>{@code last}: the last tool result ({@code last.tool}, {@code last.ok}, {@code last.result});
 *   <li>{@code elapsedMs}: milliseconds since the run started;
 *   <li>{@code context}: the current agent's context: {@code context.tokens}, {@code context.pinned} (the tags of
 *       pinned messages present), {@code context.compactions} (how many compactions the run has done).
 * </ul>
 */
public final class RunStateType {

    private static final Map<String, CelType> VARIABLES = variables();

    private RunStateType() {}

    private static Map<String, CelType> variables() {
        Map<String, CelType> v = new LinkedHashMap<>();
        v.put("state", MapType.create(SimpleType.STRING, SimpleType.DYN));
        v.put("steps", SimpleType.INT);
        v.put("turns", SimpleType.INT);
        v.put("tokens", MapType.create(SimpleType.STRING, SimpleType.INT));
        v.put("node", SimpleType.STRING);
        v.put("agent", SimpleType.STRING);
        v.put("tool", MapType.create(SimpleType.STRING, SimpleType.DYN));
        v.put("last", MapType.create(SimpleType.STRING, SimpleType.DYN));
        v.put("elapsedMs", SimpleType.INT);
        v.put("context", MapType.create(SimpleType.STRING, SimpleType.DYN));
        return Map.copyOf(v);
    }

    static Map<String, CelType> declarations() {
        return VARIABLES;
    }
}
