package dev.bridle.engine;

import dev.bridle.access.AccessRequest;
import dev.bridle.access.ArgumentCondition;
import dev.bridle.access.AddressRanges;
import dev.bridle.access.Explanation;
import dev.bridle.access.HostCheck;
import dev.bridle.access.HostPort;
import dev.bridle.access.PathCheck;
import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.access.ShellPathScope;
import dev.bridle.expr.Expressions;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Agent;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Harness;
import dev.bridle.policy.ToolDeclarations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The permission gate of a run. First the agent's tool list: a call to a tool the agent was not offered is denied by
 * {@value #AGENT_TOOLS}, whatever the rules say. Then the call is read through the harness's tool declarations
 * ({@link AccessRequest#fromCall(String, ToolCall, ToolDeclarations)}: a declared argument that is missing or not text
 * is denied by {@code tool-arguments}), then the harness's rules through {@link PermissionCheck} (deny over ask over
 * allow, default deny) with rule conditions in CEL, and, when the run has a workspace folder, the real-path check of
 * {@link PathScope} on the declared path argument, so that a symlink out of the workspace is denied by the rule
 * {@code path-scope} before the call; for a call that runs a command, on every path argument ({@link ShellPathScope}).
 */
public final class PermissionGate implements ToolGate {

    /** The rule id of a call to a tool the agent was not offered. */
    public static final String AGENT_TOOLS = "agent.tools";

    private final PermissionCheck check;
    private final ToolDeclarations declarations;
    private final Map<String, Set<String>> offered;
    private final Optional<PathScope> scope;

    private PermissionGate(PermissionCheck check, ToolDeclarations declarations, Map<String, Set<String>> offered,
            Optional<PathScope> scope) {
        this.check = check;
        this.declarations = declarations;
        this.offered = offered;
        this.scope = scope;
    }

    /** The gate of a run of {@code harness}; with {@code scope}, paths are also checked in the real workspace. */
    public static PermissionGate of(Harness harness, Optional<PathScope> scope) {
        Map<String, Set<String>> offered = new HashMap<>();
        for (Agent a : harness.agents().values()) {
            offered.put(a.id(), Set.copyOf(a.tools()));
        }
        PermissionCheck check = PermissionCheck.of(harness.permissions(), CEL);
        return new PermissionGate(scope.map(s -> check.withExistingPaths(ShellPathScope.existence(s))
                .withRealPaths(ShellPathScope.realPaths(s))).orElse(check), harness.tools(), Map.copyOf(offered),
                scope);
    }

    /** A rule's {@code when}, evaluated over {@code tool} (name and arguments) and {@code agent}. */
    static final ArgumentCondition CEL = (rule, request) -> Expressions.condition(rule.when()).test(Map.of(
            "tool", Map.of("name", request.tool(), "args", CelValues.fromJsonObject(request.args())),
            "agent", request.agent()));

    public PermissionCheck rules() {
        return check;
    }

    /** What the harness's tools touch, as this gate reads calls. */
    public ToolDeclarations declarations() {
        return declarations;
    }

    @Override
    public ToolGate.Decision check(String agent, ToolCall call) {
        AccessRequest request = AccessRequest.fromCall(agent, call, declarations);
        String resource = resource(request);
        Optional<String> notOffered = notOffered(agent, call.tool());
        if (notOffered.isPresent()) {
            return new ToolGate.Decision(Effect.DENY, AGENT_TOOLS, resource + " (" + notOffered.get() + ")");
        }
        if (scope.isPresent() && request.path().isPresent() && request.unusable().isEmpty()) {
            PathCheck real = scope.get().check(request.path().get(), PathScope.Intent.CREATE);
            if (real instanceof PathCheck.Refused refused) {
                return new ToolGate.Decision(Effect.DENY, dev.bridle.access.Decision.PATH_SCOPE,
                        resource + " (" + refused.reason() + ")");
            }
        }
        if (scope.isPresent() && request.command().isPresent()) {
            Optional<String> refused = ShellPathScope.refusal(scope.get(), check, request.tool(),
                    request.command().get());
            if (refused.isPresent()) {
                return new ToolGate.Decision(Effect.DENY, dev.bridle.access.Decision.PATH_SCOPE,
                        resource + ": " + refused.get());
            }
        }
        dev.bridle.access.Decision d = check.check(request);
        if (d.effect() != Effect.DENY && request.host().isPresent()) {
            Optional<String> special = specialAddress(request.host().get());
            if (special.isPresent() && check.literalHostRule(request).isEmpty()) {
                // Checked here for every tool that fetches: http.get checks again where it resolves and connects,
                // but a declared tool is run by someone else, and its URL must not reach loopback or private
                // addresses through a host glob.
                return new ToolGate.Decision(Effect.DENY, HostCheck.RULE,
                        resource + " (" + special.get() + "; only a rule naming the host literally allows it)");
            }
        }
        if (d.rule().equals(dev.bridle.access.Decision.TOOL_ARGUMENTS)) {
            return new ToolGate.Decision(d.effect(), d.rule(), resource + " (" + d.reason() + ")");
        }
        return new ToolGate.Decision(d.effect(), d.rule(), resource);
    }

    /** The deciding rule and every rule considered, as {@code bridle explain} and "Why?" show them. */
    public Explanation explain(String agent, ToolCall call) {
        return explain(AccessRequest.fromCall(agent, call, declarations));
    }

    /** {@link #explain(String, ToolCall)} for a request already made (by {@code bridle explain}'s options). */
    public Explanation explain(AccessRequest request) {
        Optional<String> notOffered = notOffered(request.agent(), request.tool());
        if (notOffered.isPresent()) {
            return new Explanation(request, "", "", "",
                    new dev.bridle.access.Decision(Effect.DENY, AGENT_TOOLS, notOffered.get()), List.of());
        }
        return check.explain(request);
    }

    /** Why {@code agent} may not call {@code tool} whatever the rules say: it was not offered it. */
    private Optional<String> notOffered(String agent, String tool) {
        Set<String> tools = offered.get(agent);
        if (tools != null && tools.contains(tool)) {
            return Optional.empty();
        }
        return Optional.of(tools == null ? "'" + agent + "' is not an agent of this harness"
                : "agent '" + agent + "' is not offered " + tool + "; it is offered "
                        + tools.stream().sorted().toList());
    }

    /**
     * Why a host is a special address, when it is written as one (an IP literal in a loopback, private, link-local or
     * other special range, or a {@code localhost} name). Names are not resolved here: the gate runs no DNS query for a
     * tool it does not run, so a name that resolves to such an address is caught only by {@code http.get} itself.
     */
    static Optional<String> specialAddress(String host) {
        Optional<HostPort> parsed = HostPort.parse(host);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        String name = parsed.get().host();
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of(name + " is loopback");
        }
        if (!parsed.get().isAddress()) {
            return Optional.empty();
        }
        try {
            String literal = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
            return AddressRanges.special(InetAddress.getByName(literal)).map(why -> name + " is " + why);
        } catch (UnknownHostException e) {
            return Optional.of(name + " is no usable address");
        }
    }

    static String resource(AccessRequest r) {
        return r.tool() + r.path().map(p -> " " + p).orElse("") + r.host().map(h -> " " + h).orElse("")
                + r.command().map(c -> " `" + c + "`").orElse("");
    }
}
