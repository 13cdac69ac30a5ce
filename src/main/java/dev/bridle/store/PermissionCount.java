package dev.bridle.store;

/**
 * How often one rule decided one effect in a run's permission checks.
 *
 * @param effect {@code allow}, {@code ask} or {@code deny}
 * @param rule the rule that decided, or {@code null} for the default effect
 * @param checks how many checks
 */
public record PermissionCount(String effect, String rule, long checks) {}
