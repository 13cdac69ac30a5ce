package dev.bridle.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How far the disk may lag behind a recorded run, and so what a {@code kill -9} of the recording process can lose.
 *
 * <p>Every mode records the run's row before the first event, so after a kill the run is always there and reads
 * {@code interrupted} on the next open. The modes differ in how many of its events may be missing. The guarantees
 * hold for a killed process; a power cut can lose more (there is no {@code fsync} per commit, see
 * {@code docs/storage.md}).
 */
public enum Durability {
    /**
     * {@code step}: when a step ends, the engine waits until the writer has committed every event up to it (one
     * commit per step). A kill loses at most the step in progress.
     */
    EVERY_STEP("step"),
    /**
     * {@code batch}, the default: the writer commits at least every {@link RunWriter#MAX_EVENTS} events and at
     * most {@link RunWriter#MAX_DELAY_MILLIS} ms after it takes an event, and the engine waits for a commit only when
     * an event it handed more than {@link Recording#BOUND_MILLIS} ms ago is still uncommitted. A kill loses at most
     * the events of the last {@value Recording#BOUND_MILLIS} ms (plus the one commit under way).
     */
    BATCHED("batch"),
    /**
     * {@code end}: one commit when the run ends (a flush or another run's commit may commit earlier, never later).
     * The cheapest; a kill can lose every event of the run, and the run reads {@code interrupted} with the events
     * that happened to be committed, possibly none.
     */
    END("end");

    private final String word;

    Durability(String word) {
        this.word = word;
    }

    /** The mode's name on the command line: {@code step}, {@code batch} or {@code end}. */
    public String word() {
        return word;
    }

    /** The mode named {@code word} ({@code step}, {@code batch}, {@code end}), or a message listing the choices. */
    public static Durability of(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(d -> d.word.equals(w))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown durability '" + word + "': use "
                        + Arrays.stream(values()).map(Durability::word).collect(Collectors.joining(", "))));
    }
}
