package dev.bridle.store;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.time.Instant;

/**
 * The events of one run on their way into the store; the engine's sink while the run is recorded.
 *
 * <p>{@link #accept} hands each event to the store's writer thread through a bounded queue and returns; it blocks
 * only while the queue is full (the run slows down, no event is dropped) and, with {@link Durability#EVERY_STEP},
 * once per step until the finished step is committed. A {@code run.ended} event closes the run's row after all its
 * events. {@link #close} waits until everything is committed; a run closed without {@code run.ended} is recorded as
 * {@code interrupted}. Use one recording from one thread, in event order.
 */
public final class Recording implements EventSink, AutoCloseable {

    static final String CLOSED_EARLY = "the recording was closed before the run ended";

    private final RunStore store;
    private final RunWriter writer;
    private final String runId;
    private final int runNo;
    private final Durability durability;
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
        this.lastAt = start.startedAt();
    }

    public String runId() {
        return runId;
    }

    @Override
    public void accept(RunEvent event) {
        if (closed || ended) {
            throw new IllegalStateException("run " + runId + " is no longer recording; got " + event.kind());
        }
        writer.hand(new RunWriter.Entry.Append(runNo, event));
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
            }
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
