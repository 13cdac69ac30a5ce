package dev.bridle.policy;

/**
 * The run-wide caps every harness has ({@code run.limits}), whatever guards it declares, so that every run ends by a
 * named rule: model call attempts (answers, errors and retries), events recorded, and workflow transitions (every
 * node entered, agent or not). Reaching one ends the run as {@code stopped} by {@code run.limits}.
 *
 * <p>The defaults are here and only here: {@value #DEFAULT_ATTEMPTS} attempts, {@value #DEFAULT_EVENTS} events and
 * {@value #DEFAULT_TRANSITIONS} transitions. A harness may raise or lower each one.
 *
 * @param attempts the most model calls the run makes, failed ones and retries included
 * @param events the most events the run records, {@code run.ended} aside
 * @param transitions the most workflow nodes the run enters (checks, joins, checkpoints and edges included)
 */
public record RunLimits(int attempts, int events, int transitions) {

    public static final int DEFAULT_ATTEMPTS = 10_000;
    public static final int DEFAULT_EVENTS = 100_000;
    public static final int DEFAULT_TRANSITIONS = 10_000;

    /** The caps a harness has when it says nothing. */
    public static final RunLimits DEFAULT = new RunLimits(DEFAULT_ATTEMPTS, DEFAULT_EVENTS, DEFAULT_TRANSITIONS);

    /** The rule that names these caps in events. */
    public static final String RULE = "run.limits";

    public RunLimits {
        if (attempts < 1 || events < 1 || transitions < 1) {
            throw new IllegalArgumentException("run limits must be positive");
        }
    }
}
