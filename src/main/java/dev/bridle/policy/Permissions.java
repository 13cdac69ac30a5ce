package dev.bridle.policy;

import java.util.List;

/**
 * The permissions of a harness: a default effect (deny unless the document says otherwise) and the rules.
 */
public record Permissions(Effect defaultEffect, List<PermissionRule> rules) {

    /** Nothing is allowed. */
    public static final Permissions DENY_ALL = new Permissions(Effect.DENY, List.of());

    public Permissions {
        rules = List.copyOf(rules);
    }
}
