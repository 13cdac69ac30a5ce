package dev.bridle.store;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The events of one run on their way into the store; the engine's sink while the run is recorded.
 *
 * <p>{@link #accept} hands each event to the store's writer thread through a bounded queue and returns; it blocks
 * while the queue is full (the run slows down, no event is dropped); with {@link Durability#EVERY_STEP}, once per
 * step until the finished step is committed; with {@link Durability#BATCHED}, when an event handed more than
 * {@value #BOUND_MILLIS} ms ago is still not committed (rare: the writer commits sooner on its own). A
 * {@code run.ended} event closes the run's row after all its events and waits for its commit. {@link #close} waits until everything is committed; a run closed without {@code run.ended} is recorded as
 * {@code interrupted}. Use one recording from one thread, in event order.
 */
public final class Recording implements EventSink, AutoCloseable {

    static final String CLOSED_EARLY = "the recording was closed before the run ended";

    /** With {@link Durability#BATCHED}, how long ago an event may have been handed and still not be committed. */
    static final long BOUND_MILLIS = 50;

    private static final long BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(BOUND_MILLIS);

    /** How finely hand-over times are sampled for the bound: the bound is kept to within this. */
    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final RunStore store;
    private final RunWriter writer;
    private final String runId;
    private final int runNo;
    private final Durability durability;
    private final RunWriter.Progress progress;
    /**
     * Samples {@code {seq, nanoTime}} of hand-overs, oldest first: events from {@code seq} up to the next sample's
     * were handed at or after {@code nanoTime}. The first sample covers the oldest event not known to be committed.
     */
    private final ArrayDeque<long[]> handed = new ArrayDeque<>();
    private int step;
    private Instant lastAt;
    private volatile boolean ended;
    private volatile boolean closed;

    Recording(RunStore store, RunWriter writer, RunStart start, int runNo, Durability durability) {
        this.store = store;
        this.writer = writer;
        this.runId = start.id();
        this.runNo = runNo;
        this.durability = durability;
        this.progress = new RunWriter.Progress(durability != Durability.END);
        this.lastAt = start.startedAt();
    }

    /** A resumed run goes on from its last step and time, which its row keeps if it is suspended again at once. */
    void continueFrom(int lastStep, Instant at) {
        this.step = lastStep;
        this.lastAt = at;
    }

    public String runId() {
        return runId;
    }

    @Override
    public void accept(RunEvent event) {
        if (closed || ended) {
            throw new IllegalStateException("run " + runId + " is no longer recording; got " + event.kind());
        }
        writer.hand(new RunWriter.Entry.Append(runNo, event, progress));
        lastAt = event.at();
        if (event instanceof RunEvent.RunEnded end) {
            ended = true;
            writer.hand(new RunWriter.Entry.Finish(
                    runNo, end.at(), end.outcome(), end.reason(), end.rule(), end.step()));
            writer.sync();
            store.released(runId);
        } else if (event.step() > step) {
            step = event.step();
            if (durability == Durability.EVERY_STEP) {
                writer.sync();
                return;
            }
        }
        if (durability == Durability.BATCHED) {
            bound(event.seq());
        }
    }

    /**
     * Keeps the disk within {@value #BOUND_MILLIS} ms of the run: waits for a commit when the oldest event not known
     * to be committed was handed longer ago than that. The writer commits within {@link RunWriter#MAX_DELAY_MILLIS}
     * ms of taking an event, so this waits only when the writer falls behind (a slow disk, a busy machine).
     */
    private void bound(long seq) {
        long now = System.nanoTime();
        long committed = progress.committed();
        if (committed >= seq) {
            handed.clear();
            return;
        }
        long[] last = handed.peekLast();
        if (last == null || now - last[1] >= SAMPLE_NANOS) {
            handed.addLast(new long[] {seq, now});
        }
        // Drop samples whose events are all committed: the next sample starts at or below the oldest uncommitted one.
        while (handed.size() > 1) {
            long[] first = handed.pollFirst();
            long[] second = handed.peekFirst();
            if (second[0] > committed + 1) {
                handed.addFirst(first);
                break;
            }
        }
        if (now - handed.peekFirst()[1] > BOUND_NANOS) {
            writer.sync();
            handed.clear();
        }
    }

    /** Waits until every event handed so far is committed. */
    public void flush() {
        writer.sync();
    }

    /** Waits until everything is committed; a run that has not ended is recorded as {@code interrupted}. */
    @Override
    public void close() {
        abandon(CLOSED_EARLY);
    }

    /**
     * Closes the recording of a run that goes on later in another process: it reads {@code interrupted} for
     * {@code reason} until {@link RunStore#resume} reopens it.
     */
    public void suspend(String reason) {
        abandon(reason);
    }

    /** Closes the recording; if the run has not ended, it is recorded as {@code interrupted} for {@code reason}. */
    synchronized void abandon(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!ended) {
                ended = true;
                writer.hand(new RunWriter.Entry.Finish(runNo, lastAt, Outcome.INTERRUPTED, reason, null, step));
            }
            writer.sync();
        } finally {
            store.released(runId);
        }
    }
}
