package dev.bridle.tool;

import dev.bridle.model.ToolCall;
import dev.bridle.policy.Scenario;
import java.util.Map;

/** Tools that answer with a scenario's scripted results; a tool with no stub answers with an error. */
public final class StubTools implements ToolPort {

    private final Map<String, Scenario.ToolStub> stubs;

    public StubTools(Map<String, Scenario.ToolStub> stubs) {
        this.stubs = Map.copyOf(stubs);
    }

    @Override
    public ToolResult call(String agent, ToolCall call) {
        Scenario.ToolStub stub = stubs.get(call.tool());
        if (stub == null) {
            return ToolResult.error("the scenario has no stub for tool '" + call.tool() + "'");
        }
        return stub.error() ? ToolResult.error(stub.result()) : ToolResult.ok(stub.result());
    }
}
