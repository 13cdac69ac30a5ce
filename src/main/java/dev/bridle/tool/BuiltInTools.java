package dev.bridle.tool;

import dev.bridle.access.HostCheck;
import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.model.ToolCall;
import dev.bridle.tool.sandbox.Sandbox;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sandboxed built-in tools behind one port, by name: {@code fs.read}, {@code fs.write}, {@code fs.list},
 * {@code fs.delete}, {@code shell} (an argument vector run without a shell inside an operating-system sandbox;
 * denied unless a rule allows it) and, when given a host check, {@code http.get}. A name with no tool answers with an
 * error.
 */
public final class BuiltInTools implements ToolPort {

    private final Map<String, ToolPort> tools;

    private BuiltInTools(Map<String, ToolPort> tools) {
        this.tools = Map.copyOf(tools);
    }

    /**
     * The file tools on one workspace.
     *
     * @param check the permissions to re-check a path reached through a link against, or {@code null} for none
     */
    public static BuiltInTools files(PathScope scope, PermissionCheck check) {
        return files(scope, check, Sandbox.detect());
    }

    /**
     * The file tools on one workspace, with the shell in the given sandbox ({@link Sandbox#none()} for a harness
     * that opts out).
     *
     * @param check the permissions to re-check a path reached through a link against, or {@code null} for none
     */
    public static BuiltInTools files(PathScope scope, PermissionCheck check, Sandbox sandbox) {
        Map<String, ToolPort> tools = new LinkedHashMap<>();
        tools.put(FsRead.NAME, new FsRead(scope, check));
        tools.put(FsWrite.NAME, new FsWrite(scope, check));
        tools.put(FsList.NAME, new FsList(scope, check));
        tools.put(FsDelete.NAME, new FsDelete(scope, check));
        tools.put(ShellTool.NAME, new ShellTool(scope, check, sandbox, Duration.ofSeconds(30)));
        return new BuiltInTools(tools);
    }

    /** These tools plus {@code http.get} with the given host check. */
    public BuiltInTools withHttp(HostCheck hosts) {
        Map<String, ToolPort> more = new LinkedHashMap<>(tools);
        more.put(HttpGet.NAME, new HttpGet(hosts));
        return new BuiltInTools(more);
    }

    /** The names of the tools offered. */
    public Set<String> names() {
        return tools.keySet();
    }

    @Override
    public ToolResult call(String agent, ToolCall call) {
        ToolPort tool = tools.get(call.tool());
        return tool == null ? ToolResult.error("no built-in tool '" + call.tool() + "'") : tool.call(agent, call);
    }
}
