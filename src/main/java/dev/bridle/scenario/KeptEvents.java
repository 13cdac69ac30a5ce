package dev.bridle.scenario;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Scenario;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run keeps of its events when its caller does not want them all: the last {@code tail} events, and the few
 * that the scenario's expectations read, so that a long run's memory stays flat while its verdict stays the same.
 */
final class KeptEvents implements EventSink {

    private final Scenario.Expectation expect;
    private final int tail;
    private final ArrayDeque<RunEvent> last;
    private final List<RunEvent> expected = new ArrayList<>();
    private final Set<String> matched = new HashSet<>();
    private RunEvent largestContext;

    KeptEvents(Scenario.Expectation expect, int tail) {
        this.expect = expect;
        this.tail = tail;
        this.last = new ArrayDeque<>(Math.min(tail, 1024));
    }

    @Override
    public void accept(RunEvent e) {
        if (tail > 0) {
            if (last.size() == tail) {
                last.removeFirst();
            }
            last.addLast(e);
        }
        // Denied and allowed expectations list every denial or allowance in their message, so those are kept whole,
        // and only when the scenario has such an expectation.
        boolean keep = e instanceof RunEvent.PermissionChecked p
                && (p.effect().equals("deny") && !expect.denied().isEmpty()
                        || p.effect().equals("allow") && !expect.allowed().isEmpty());
        if (e instanceof RunEvent.ModelRequested m && expect.maxContextTokens().isPresent()
                && (largestContext == null
                        || m.contextTokens() > ((RunEvent.ModelRequested) largestContext).contextTokens())) {
            largestContext = e;
        }
        // events: and noEvents: read only whether a match exists and which came first.
        for (String spec : expect.events()) {
            keep |= firstMatch(e, "+" + spec, spec);
        }
        for (String spec : expect.noEvents()) {
            keep |= firstMatch(e, "-" + spec, spec);
        }
        if (keep) {
            expected.add(e);
        }
    }

    private boolean firstMatch(RunEvent e, String key, String spec) {
        return !matched.contains(key) && Expectations.matches(e, spec) && matched.add(key);
    }

    /** The events the expectations need, in sequence order: they judge these as they would judge the whole run. */
    List<RunEvent> forExpectations() {
        List<RunEvent> out = new ArrayList<>(expected);
        if (largestContext != null && !out.contains(largestContext)) {
            out.add(largestContext);
        }
        out.sort(Comparator.comparingLong(RunEvent::seq));
        return out;
    }

    /** The last {@code tail} events, oldest first. */
    List<RunEvent> tail() {
        return List.copyOf(last);
    }
}
