package dev.bridle.store;

import dev.bridle.policy.Outcome;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of the run list.
 *
 * @param outcome empty while the run is open
 */
public record RunSummary(
        String id,
        String harness,
        String harnessDigest,
        String model,
        Instant startedAt,
        Optional<Instant> endedAt,
        Optional<Outcome> outcome,
        String reason,
        String rule,
        int steps) {}
