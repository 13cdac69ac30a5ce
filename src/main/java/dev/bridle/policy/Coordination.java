package dev.bridle.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * How several agents share a run: who takes the next turn, and who may write what.
 *
 * @param turns the turn-taking rule for parallel branches
 * @param supervisor the agent that picks the next turn under {@link Turns#SUPERVISOR}
 * @param locks whether writes take per-path ownership locks
 * @param onBusy what a write to a path another agent holds does
 */
public record Coordination(Turns turns, Optional<String> supervisor, Locks locks, OnBusy onBusy) {

    public static final Coordination DEFAULT =
            new Coordination(Turns.SEQUENTIAL, Optional.empty(), Locks.NONE, OnBusy.REFUSE);

    /** Turn-taking between parallel branches. */
    public enum Turns {
        SEQUENTIAL("sequential"),
        ROUND_ROBIN("round-robin"),
        SUPERVISOR("supervisor");

        private final String word;

        Turns(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static Optional<Turns> ofWord(String w) {
            for (Turns t : values()) {
                if (t.word.equals(w)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** Ownership locks on resources. */
    public enum Locks {
        NONE("none"),
        PER_PATH("per-path");

        private final String word;

        Locks(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static Optional<Locks> ofWord(String w) {
            for (Locks l : values()) {
                if (l.word.equals(w)) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }
    }

    /** What a write to a path that another agent holds does. */
    public enum OnBusy {
        REFUSE,
        QUEUE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
