package dev.bridle.store;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one run on their way into the store. Events are written in batches: at the end of every step,
 * at every node boundary, and whenever {@value #BATCH} are waiting.
 */
public final class Recording implements EventSink {

    static final int BATCH = 512;

    private final RunStore store;
    private final String runId;
    private final List<RunEvent> pending = new ArrayList<>(BATCH);

    Recording(RunStore store, String runId) {
        this.store = store;
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }

    @Override
    public void accept(RunEvent event) {
        pending.add(event);
        boolean boundary = switch (event) {
            case RunEvent.NodeExited n -> true;
            case RunEvent.GuardTriggered g -> true;
            case RunEvent.ToolCompleted t -> true;
            case RunEvent.ModelResponded m -> m.toolCalls().isEmpty();
            case RunEvent.RunEnded r -> true;
            default -> false;
        };
        if (boundary || pending.size() >= BATCH) {
            flush();
        }
        if (event instanceof RunEvent.RunEnded end) {
            store.finish(runId, end.at(), end.outcome(), end.reason(), end.rule(), end.step());
        }
    }

    /** Writes what is waiting. */
    public void flush() {
        store.append(runId, pending);
        pending.clear();
    }
}
