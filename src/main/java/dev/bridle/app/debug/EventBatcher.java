package dev.bridle.app.debug;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Hands a run's events to the FX thread in batches: the engine thread only queues; at most one hand-over is pending at
 * a time, and it takes everything queued by then. A run of 100,000 steps costs a few hundred hand-overs, not hundreds
 * of thousands of {@code Platform.runLater} calls.
 */
public final class EventBatcher implements EventSink {

    private final ConcurrentLinkedQueue<RunEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<RunEvent>> onBatch;
    private long handOvers;

    public EventBatcher(Consumer<List<RunEvent>> onBatch) {
        this.onBatch = onBatch;
    }

    @Override
    public void accept(RunEvent event) {
        queue.add(event);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    /** Delivers what is queued now; on the FX thread. */
    public void drain() {
        scheduled.set(false);
        List<RunEvent> batch = new ArrayList<>();
        for (RunEvent e; (e = queue.poll()) != null; ) {
            batch.add(e);
        }
        if (!batch.isEmpty()) {
            handOvers++;
            onBatch.accept(batch);
        }
    }

    /** How many batches were handed over; tests and the benchmark read it. */
    public long handOvers() {
        return handOvers;
    }
}
