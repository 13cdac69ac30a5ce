package dev.bridle.store;

import dev.bridle.policy.Outcome;
import java.time.Instant;
import java.util.Optional;

/**
 * Which runs the run list shows, newest first.
 *
 * @param harness only runs of this harness
 * @param outcome only runs that ended so; open runs have none and never match
 * @param startedFrom only runs started at or after this instant
 * @param startedBefore only runs started before this instant
 * @param limit at most this many runs
 */
public record RunFilter(
        Optional<String> harness,
        Optional<Outcome> outcome,
        Optional<Instant> startedFrom,
        Optional<Instant> startedBefore,
        int limit) {

    /** The default page of the run list. */
    public static final int DEFAULT_LIMIT = 500;

    public RunFilter {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    /** Every run, up to {@link #DEFAULT_LIMIT}. */
    public static RunFilter all() {
        return new RunFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    public RunFilter harness(String name) {
        return new RunFilter(Optional.of(name), outcome, startedFrom, startedBefore, limit);
    }

    public RunFilter outcome(Outcome o) {
        return new RunFilter(harness, Optional.of(o), startedFrom, startedBefore, limit);
    }

    /** Runs started in {@code [from, before)}. */
    public RunFilter startedBetween(Instant from, Instant before) {
        return new RunFilter(harness, outcome, Optional.of(from), Optional.of(before), limit);
    }

    public RunFilter limit(int max) {
        return new RunFilter(harness, outcome, startedFrom, startedBefore, max);
    }
}
