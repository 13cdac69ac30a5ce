package dev.bridle.store;

import dev.bridle.event.RunEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalInt;

/**
 * What the store knows about an event besides its JSON: its key, its context size, and the tool and effect it names
 * (which the blocks' summaries list and the timeline filters on). This is the one place that knows which event fills
 * which of these: a new event kind adds its case here.
 */
final class EventColumns {

    /** Sequence numbers of one run stay below this, so that (run, seq) packs into one key. */
    static final long SEQ_LIMIT = 1L << 32;

    private EventColumns() {}

    /** The key of event {@code seq} of run number {@code runNo}: one B-tree keeps a run's events together, in order. */
    static long key(int runNo, long seq) {
        return (long) runNo * SEQ_LIMIT + seq;
    }

    /**
     * An instant as the millisecond columns store it, truncated: H2 would round {@code .9996} up to the next
     * millisecond, which can put a run's end after its last event. The payload keeps the exact instant.
     */
    static Timestamp millis(Instant t) {
        return Timestamp.from(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The context size an event reports, for the context chart. */
    static OptionalInt contextTokens(RunEvent e) {
        return e instanceof RunEvent.ModelRequested m ? OptionalInt.of(m.contextTokens()) : OptionalInt.empty();
    }

    /** The tool an event names, or null. */
    static String tool(RunEvent e) {
        return switch (e) {
            case RunEvent.ToolRequested t -> t.tool();
            case RunEvent.ToolCompleted t -> t.tool();
            case RunEvent.PermissionChecked c -> c.tool();
            default -> null;
        };
    }

    /** The effect an event names ({@code allow}/{@code ask}/{@code deny}, {@code ok}/{@code error}, …), or null. */
    static String effect(RunEvent e) {
        return switch (e) {
            case RunEvent.ToolCompleted t -> t.ok() ? "ok" : "error";
            case RunEvent.GuardTriggered g -> g.verdict();
            case RunEvent.RunEnded r -> r.outcome().word();
            case RunEvent.PermissionChecked c -> c.effect();
            case RunEvent.LockRefused l -> l.action();
            case RunEvent.ApprovalAnswered a -> a.approved() ? "approved" : "rejected";
            case RunEvent.ErrorHandled h -> h.action();
            case RunEvent.LockWaited l -> "queued";
            case RunEvent.ModelRequested m -> null;
            case RunEvent.ModelResponded m -> null;
            case RunEvent.ToolRequested t -> null;
            case RunEvent.ContextCompacted c -> null;
            case RunEvent.ContextTruncated c -> null;
            case RunEvent.LockAcquired l -> null;
            case RunEvent.CheckpointSaved c -> null;
            case RunEvent.CheckpointRestored c -> null;
            case RunEvent.WorkspaceChanged w -> null;
            case RunEvent.ApprovalRequested a -> null;
            case RunEvent.RunStarted r -> null;
            case RunEvent.NodeEntered n -> null;
            case RunEvent.NodeExited n -> null;
        };
    }

    /** Refuses a sequence number that does not fit the key. */
    static long checkedSeq(RunEvent e) {
        if (e.seq() < 1 || e.seq() >= SEQ_LIMIT) {
            throw new IllegalArgumentException("event seq must be in 1.." + (SEQ_LIMIT - 1) + ", was " + e.seq());
        }
        return e.seq();
    }
}
