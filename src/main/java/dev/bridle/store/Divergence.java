package dev.bridle.store;

import dev.bridle.event.RunEvent;
import java.util.Optional;

/**
 * Where two runs first differ: the first sequence number whose events differ in kind, agent, node, tool, effect, rule
 * or payload (timestamps aside).
 *
 * @param seq the first differing sequence number
 * @param left the first run's event there; empty when that run ended before
 * @param right the second run's event there; empty when that run ended before
 */
public record Divergence(long seq, Optional<RunEvent> left, Optional<RunEvent> right) {}
