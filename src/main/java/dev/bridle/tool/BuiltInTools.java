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
import javax.net.ssl.SSLContext;

/**
 * The sandboxed built-in tools behind one port, by name: {@code fs.read}, {@code fs.write}, {@code fs.list},
 * {@code fs.delete}, {@code shell} (an argument vector run without a shell inside an operating-system sandbox;
 * denied unless a rule allows it) and {@code http.get} (checked again against the same rules on every redirect, see
 * {@link HttpGet}). A name with no tool answers with an error.
 */
public final class BuiltInTools implements ToolPort {

    private final Map<String, ToolPort> tools;
    private final PermissionCheck check;

    private BuiltInTools(Map<String, ToolPort> tools, PermissionCheck check) {
        this.tools = Map.copyOf(tools);
        this.check = check;
    }

    /** {@code http.get} alone, for runs without a workspace folder. */
    public static BuiltInTools http(PermissionCheck check) {
        return new BuiltInTools(Map.of(HttpGet.NAME, new HttpGet(check, HostCheck.system(),
                HttpGet.Limits.standard())), check);
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
        tools.put(HttpGet.NAME, new HttpGet(check, HostCheck.system(), HttpGet.Limits.standard()));
        return new BuiltInTools(tools, check);
    }

    /** These tools with {@code http.get} resolving through the given host check and capped by the given limits. */
    public BuiltInTools withHttp(HostCheck hosts, HttpGet.Limits limits) {
        return withHttp(hosts, limits, null);
    }

    /** These tools with {@code http.get} as in {@link #withHttp(HostCheck, HttpGet.Limits)}, trusting {@code tls}. */
    public BuiltInTools withHttp(HostCheck hosts, HttpGet.Limits limits, SSLContext tls) {
        Map<String, ToolPort> more = new LinkedHashMap<>(tools);
        more.put(HttpGet.NAME, new HttpGet(check, hosts, limits, tls));
        return new BuiltInTools(more, check);
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
