package dev.bridle.guard;

/**
 * What the guards decided at a checkpoint of the run loop. Every verdict other than {@link Continue} names its guard
 * and the limit it applied, and that name is what the timeline shows.
 */
public sealed interface Verdict {

    Continue CONTINUE = new Continue();

    /** Nothing to do; the run goes on. */
    record Continue() implements Verdict {}

    /** A decision by a named guard. */
    record Triggered(String guard, Action action, String detail, String message) implements Verdict {}

    /** What a triggered guard asks the engine to do. */
    enum Action {
        /** Record a warning; go on. */
        WARN,
        /** Put a message into the agent's context; go on. */
        NUDGE,
        /** Refuse the tool call at hand; go on. */
        DENY,
        /** Pause for a human: approval goes on, rejection stops. */
        ASK,
        /** Pause for a human because the guard has given up: approval goes on, rejection stops. */
        ESCALATE,
        /** End the run as stopped. */
        STOP,
        /** End the run as completed: a completion criterion holds. */
        COMPLETE;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
