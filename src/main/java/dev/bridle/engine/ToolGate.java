package dev.bridle.engine;

import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;

/** Decides whether an agent may make a tool call: the permission layer, behind one interface. */
@FunctionalInterface
public interface ToolGate {

    Decision check(String agent, ToolCall call);

    /**
     * A permission decision.
     *
     * @param rule the deciding rule's id, or {@code default}
     * @param resource what was asked for, as shown in events: {@code fs.write src/a.txt}
     */
    record Decision(Effect effect, String rule, String resource) {}

    /** Allows everything; for tests of other parts. */
    static ToolGate allowAll() {
        return (agent, call) -> new Decision(Effect.ALLOW, "default", call.tool());
    }
}
