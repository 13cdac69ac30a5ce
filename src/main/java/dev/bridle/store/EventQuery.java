package dev.bridle.store;

import java.util.Optional;
import java.util.Set;

/**
 * A page of a run's events: a sequence range, optional filters, and a page size.
 *
 * <p>The next page starts at the last returned event's {@code seq + 1}.
 *
 * @param fromSeq the first sequence number wanted, inclusive
 * @param toSeq the last sequence number wanted, inclusive
 * @param kinds only these kinds; empty means every kind
 * @param agent only events of this agent
 * @param effect only events with this effect ({@code allow}, {@code deny}, {@code ok}, {@code stop}, …)
 * @param rule only events that name this rule
 * @param limit at most this many events
 */
public record EventQuery(
        long fromSeq,
        long toSeq,
        Set<String> kinds,
        Optional<String> agent,
        Optional<String> effect,
        Optional<String> rule,
        int limit) {

    /** The largest page a query may ask for. */
    public static final int MAX_LIMIT = 10_000;

    public EventQuery {
        kinds = Set.copyOf(kinds);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    /** Up to {@code limit} events from {@code seq} on, of every kind. */
    public static EventQuery from(long seq, int limit) {
        return new EventQuery(seq, Long.MAX_VALUE, Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                limit);
    }

    public EventQuery to(long seq) {
        return new EventQuery(fromSeq, seq, kinds, agent, effect, rule, limit);
    }

    public EventQuery kinds(String... wanted) {
        return new EventQuery(fromSeq, toSeq, Set.of(wanted), agent, effect, rule, limit);
    }

    public EventQuery agent(String name) {
        return new EventQuery(fromSeq, toSeq, kinds, Optional.of(name), effect, rule, limit);
    }

    public EventQuery effect(String word) {
        return new EventQuery(fromSeq, toSeq, kinds, agent, Optional.of(word), rule, limit);
    }

    public EventQuery rule(String id) {
        return new EventQuery(fromSeq, toSeq, kinds, agent, effect, Optional.of(id), limit);
    }
}
