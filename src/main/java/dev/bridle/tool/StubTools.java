package dev.bridle.tool;

import dev.bridle.model.ToolCall;
import dev.bridle.policy.Scenario;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tools that answer with a scenario's scripted replies, in order per tool (the last repeats); a tool with no stub
 * answers with an error.
 */
public final class StubTools implements ToolPort {

    private final Map<String, Scenario.ToolStub> stubs;
    private final Map<String, Integer> calls = new HashMap<>();

    public StubTools(Map<String, Scenario.ToolStub> stubs) {
        this.stubs = Map.copyOf(stubs);
    }

    /** Whether the scenario scripts this tool. */
    public boolean has(String tool) {
        return stubs.containsKey(tool);
    }

    @Override
    public ToolResult call(String agent, ToolCall call) {
        Scenario.ToolStub stub = stubs.get(call.tool());
        if (stub == null) {
            return ToolResult.error("the scenario has no stub for tool '" + call.tool() + "'");
        }
        int n = calls.merge(call.tool(), 1, Integer::sum);
        List<Scenario.Reply> replies = stub.replies();
        Scenario.Reply reply = replies.get(Math.min(n, replies.size()) - 1);
        return new ToolResult(!reply.error(), reply.result(), 0, reply.error() ? Map.of() : reply.sets());
    }
}
