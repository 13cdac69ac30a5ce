package dev.bridle.app.debug;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Hands a run's events to the FX thread in batches, at most one per pulse: the engine thread only queues; while events
 * come, a timer takes everything queued at the start of each pulse (before its CSS and layout pass, so the batch shows
 * in that frame) and stops at the first pulse that finds nothing. A run of 100,000 steps costs one hand-over per frame
 * it runs through, not hundreds of thousands of {@code Platform.runLater} calls.
 */
public final class EventBatcher implements EventSink {

    private final ConcurrentLinkedQueue<RunEvent> queue = new ConcurrentLinkedQueue<>();
    /** Whether the timer runs or is about to: set by the engine thread, cleared on the FX thread. */
    private final AtomicBoolean armed = new AtomicBoolean();
    private final Consumer<List<RunEvent>> onBatch;
    private final AnimationTimer pulses = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (!deliver()) {
                stop();
                armed.set(false);
                // An event may have come between the empty poll and the line above, seeing the timer armed.
                if (!queue.isEmpty() && armed.compareAndSet(false, true)) {
                    start();
                }
            }
        }
    };
    private long handOvers;

    public EventBatcher(Consumer<List<RunEvent>> onBatch) {
        this.onBatch = onBatch;
    }

    @Override
    public void accept(RunEvent event) {
        queue.add(event);
        if (armed.compareAndSet(false, true)) {
            Platform.runLater(pulses::start);
        }
    }

    /** Delivers what is queued now, without waiting for the next pulse (a pause, the end); on the FX thread. */
    public void drain() {
        deliver();
    }

    private boolean deliver() {
        List<RunEvent> batch = new ArrayList<>();
        for (RunEvent e; (e = queue.poll()) != null; ) {
            batch.add(e);
        }
        if (batch.isEmpty()) {
            return false;
        }
        handOvers++;
        onBatch.accept(batch);
        return true;
    }

    /** How many batches were handed over; tests and the benchmark read it on the FX thread. */
    public long handOvers() {
        return handOvers;
    }
}
