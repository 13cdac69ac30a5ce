package dev.bridle.engine;

import dev.bridle.access.AccessRequest;
import dev.bridle.access.ArgumentCondition;
import dev.bridle.access.Explanation;
import dev.bridle.access.PathCheck;
import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.access.ShellPathScope;
import dev.bridle.expr.Expressions;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Permissions;
import java.util.Map;
import java.util.Optional;

/**
 * The permission gate of a run: the harness's rules through {@link PermissionCheck} (deny over ask over allow,
 * default deny), rule conditions in CEL, and, when the run has a workspace folder, the real-path check of
 * {@link PathScope} so that a symlink out of the workspace is denied by the rule {@code path-scope} before the call;
 * for a shell call, on every path argument ({@link ShellPathScope}).
 */
public final class PermissionGate implements ToolGate {

    private final PermissionCheck check;
    private final Optional<PathScope> scope;

    private PermissionGate(PermissionCheck check, Optional<PathScope> scope) {
        this.check = check;
        this.scope = scope;
    }

    public static PermissionGate of(Permissions permissions, Optional<PathScope> scope) {
        PermissionCheck check = PermissionCheck.of(permissions, CEL);
        return new PermissionGate(scope.map(s -> check.withExistingPaths(ShellPathScope.existence(s))
                .withRealPaths(ShellPathScope.realPaths(s))).orElse(check), scope);
    }

    /** A rule's {@code when}, evaluated over {@code tool} (name and arguments) and {@code agent}. */
    static final ArgumentCondition CEL = (rule, request) -> Expressions.condition(rule.when()).test(Map.of(
            "tool", Map.of("name", request.tool(), "args", CelValues.fromJsonObject(request.args())),
            "agent", request.agent()));

    public PermissionCheck rules() {
        return check;
    }

    @Override
    public ToolGate.Decision check(String agent, ToolCall call) {
        AccessRequest request = AccessRequest.fromCall(agent, call);
        String resource = resource(request);
        if (scope.isPresent() && request.path().isPresent()) {
            PathCheck real = scope.get().check(request.path().get(), PathScope.Intent.CREATE);
            if (real instanceof PathCheck.Refused refused) {
                return new ToolGate.Decision(Effect.DENY, dev.bridle.access.Decision.PATH_SCOPE, resource + " (" + refused.reason()
                        + ")");
            }
        }
        if (scope.isPresent() && request.command().isPresent()) {
            Optional<String> refused = ShellPathScope.refusal(scope.get(), check, request.command().get());
            if (refused.isPresent()) {
                return new ToolGate.Decision(Effect.DENY, dev.bridle.access.Decision.PATH_SCOPE,
                        resource + ": " + refused.get());
            }
        }
        dev.bridle.access.Decision d = check.check(request);
        return new ToolGate.Decision(d.effect(), d.rule(), resource);
    }

    /** The deciding rule and every rule considered, as {@code bridle explain} and "Why?" show them. */
    public Explanation explain(String agent, ToolCall call) {
        return check.explain(AccessRequest.fromCall(agent, call));
    }

    static String resource(AccessRequest r) {
        return r.tool() + r.path().map(p -> " " + p).orElse("") + r.host().map(h -> " " + h).orElse("")
                + r.command().map(c -> " `" + c + "`").orElse("");
    }
}
