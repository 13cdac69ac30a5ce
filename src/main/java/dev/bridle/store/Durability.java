package dev.bridle.store;

/**
 * How long the engine may run ahead of the disk while a run is recorded.
 *
 * <p>Both modes hand events to the writer thread through a bounded queue; they differ in what happens when a step
 * ends.
 */
public enum Durability {
    /**
     * When a step ends, the engine waits until the writer has committed every event up to it (one commit, usually
     * well under a millisecond): a crash or {@code kill -9} loses at most the step in progress. The default.
     */
    EVERY_STEP,
    /**
     * The engine never waits except when the queue is full; the writer commits as soon as it has a batch. A crash can
     * lose the events still in the queue (at most its capacity). For imports, replays and benchmarks.
     */
    BATCHED
}
