package dev.bridle.access;

import dev.bridle.policy.PermissionRule;

/**
 * Evaluates a rule's {@code when} condition for one request; the CEL layer supplies it. Any exception it throws
 * makes the rule fail closed: the request is denied and the explanation says the condition failed.
 */
@FunctionalInterface
public interface ArgumentCondition {

    /** Whether {@code rule.when()} holds for the request. Only called for rules that have a condition. */
    boolean test(PermissionRule rule, AccessRequest request) throws Exception;
}
