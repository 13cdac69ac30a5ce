package dev.bridle.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the agent's context is kept small and correct.
 *
 * @param window the context budget in tokens; 0 means unmanaged
 * @param compaction what to do when a request would exceed the window
 * @param keepRecent how many of the newest messages compaction never touches
 * @param pin tags of messages that survive every compaction ({@code task}, or a fact's name)
 * @param facts named facts put into the context at the start, as system messages tagged by name
 * @param handoff state variables passed from one node (and agent) to the next, as a message
 * @param overflow what happens to a tool result or a reply that cannot fit the window
 */
public record ContextPolicy(int window, Compaction compaction, int keepRecent, List<String> pin,
        Map<String, String> facts, List<String> handoff, Overflow overflow) {

    public static final ContextPolicy UNMANAGED =
            new ContextPolicy(0, Compaction.DROP_OLDEST, 4, List.of(), Map.of(), List.of());

    public ContextPolicy {
        pin = List.copyOf(pin);
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        handoff = List.copyOf(handoff);
        overflow = overflow == null ? Overflow.TRUNCATE : overflow;
    }

    /** A policy that cuts what cannot fit, the default. */
    public ContextPolicy(int window, Compaction compaction, int keepRecent, List<String> pin,
            Map<String, String> facts, List<String> handoff) {
        this(window, compaction, keepRecent, pin, facts, handoff, Overflow.TRUNCATE);
    }

    /** What happens to a message that cannot fit the window: it is cut to fit, or the run stops. */
    public enum Overflow {
        TRUNCATE("truncate"),
        STOP("stop");

        private final String word;

        Overflow(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static java.util.Optional<Overflow> ofWord(String w) {
            for (Overflow o : values()) {
                if (o.word.equals(w)) {
                    return java.util.Optional.of(o);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** A compaction strategy. */
    public enum Compaction {
        DROP_OLDEST("drop-oldest"),
        SUMMARIZE("summarize");

        private final String word;

        Compaction(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static java.util.Optional<Compaction> ofWord(String w) {
            for (Compaction c : values()) {
                if (c.word.equals(w)) {
                    return java.util.Optional.of(c);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
