package dev.bridle.guard;

/** What a guard decided after a step. Every verdict other than {@link Continue} names its guard. */
public sealed interface Verdict permits Verdict.Continue, Verdict.Stop {

    Continue CONTINUE = new Continue();

    /** Nothing to do; the run goes on. */
    record Continue() implements Verdict {}

    /**
     * End the run as {@code stopped}.
     *
     * @param guard the id of the guard that decided
     * @param detail the limit that was reached, as {@code steps.max=12}
     */
    record Stop(String guard, String detail) implements Verdict {}
}
