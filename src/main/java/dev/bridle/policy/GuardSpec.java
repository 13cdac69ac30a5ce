package dev.bridle.policy;

/** The declaration of a guard in a harness. Each kind of guard has its own record. */
public sealed interface GuardSpec permits GuardSpec.Steps {

    /** The id that every verdict of this guard names. */
    String id();

    /** A short description of the limit, as it appears in stop messages: {@code steps.max=40}. */
    String describe();

    /** Stop the run once it has taken {@code max} steps. A step is one model turn with its tool calls. */
    record Steps(String id, int max) implements GuardSpec {
        @Override
        public String describe() {
            return "steps.max=" + max;
        }
    }
}
