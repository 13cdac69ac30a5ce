package dev.bridle.engine;

import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import dev.bridle.policy.ToolGlob;

/**
 * A permission gate over tool names and agents only: the strongest matching rule wins (deny over ask over allow),
 * else the default. Rules that constrain paths, hosts or arguments are treated as not matching.
 */
public final class PolicyGate implements ToolGate {

    private final Permissions permissions;

    public PolicyGate(Permissions permissions) {
        this.permissions = permissions;
    }

    @Override
    public Decision check(String agent, ToolCall call) {
        PermissionRule best = null;
        for (PermissionRule r : permissions.rules()) {
            boolean matches = ToolGlob.of(r.tool()).matches(call.tool())
                    && (r.agents().isEmpty() || r.agents().contains(agent))
                    && r.paths().isEmpty() && r.hosts().isEmpty() && r.when() == null;
            if (matches && (best == null || r.effect().compareTo(best.effect()) > 0)) {
                best = r;
            }
        }
        return best == null
                ? new Decision(permissions.defaultEffect(), "default", call.tool())
                : new Decision(best.effect(), best.id(), call.tool());
    }

    /** Allows only what the harness allows; a missing section denies. */
    public static ToolGate of(Permissions permissions) {
        return new PolicyGate(permissions);
    }

    static Effect strongest(Effect a, Effect b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
