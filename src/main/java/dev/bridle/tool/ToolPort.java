package dev.bridle.tool;

import dev.bridle.model.ToolCall;

/** The one way the engine runs tools. Built-in sandboxed tools and scenario stubs implement it. */
public interface ToolPort {

    ToolResult call(String agent, ToolCall call);
}
