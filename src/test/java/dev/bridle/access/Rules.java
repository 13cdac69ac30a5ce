package dev.bridle.access;

import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import java.util.List;

/** Short ways to write permission rules in tests. */
final class Rules {

    private Rules() {}

    static PermissionRule rule(String id, Effect effect, String tool) {
        return new PermissionRule(id, effect, tool, List.of(), List.of(), List.of(), null);
    }

    static PermissionRule paths(String id, Effect effect, String tool, String... paths) {
        return new PermissionRule(id, effect, tool, List.of(), List.of(paths), List.of(), null);
    }

    static PermissionRule hosts(String id, Effect effect, String tool, String... hosts) {
        return new PermissionRule(id, effect, tool, List.of(), List.of(), List.of(hosts), null);
    }

    static PermissionRule agents(String id, Effect effect, String tool, String... agents) {
        return new PermissionRule(id, effect, tool, List.of(agents), List.of(), List.of(), null);
    }

    static PermissionRule when(String id, Effect effect, String tool, String condition) {
        return new PermissionRule(id, effect, tool, List.of(), List.of(), List.of(), condition);
    }
}
