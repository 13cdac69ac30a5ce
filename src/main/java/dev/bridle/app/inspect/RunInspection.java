package dev.bridle.app.inspect;

import dev.bridle.event.RunEvent;
import dev.bridle.store.ContextBucket;
import dev.bridle.store.EventQuery;
import dev.bridle.store.RunStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the run inspector shows of one recorded run, read from the store in a few paged queries: the first page of
 * events for the timeline, the context-size series downsampled to the chart's width, the compactions, and every
 * permission check.
 *
 * @param events the first {@link #PAGE} events, in order (the timeline reads the others as it reaches them)
 * @param total the run's last sequence number, so how many events it has (at least {@code events.size()})
 * @param permissions the run's first {@link #PAGE} permission checks; empty while {@code checksPending}
 * @param checksPending whether the checks are still to be read ({@link #readChecks}): the inspector shows the timeline
 *     first and fills its permission table when they arrive
 */
public record RunInspection(
        String runId,
        List<RunEvent> events,
        long total,
        List<ContextBucket> context,
        List<RunEvent.ContextCompacted> compactions,
        List<RunEvent.PermissionChecked> permissions,
        List<String> lanes,
        boolean checksPending) {

    /** How many events the timeline loads at once. */
    public static final int PAGE = EventQuery.MAX_LIMIT;

    public RunInspection {
        events = List.copyOf(events);
        context = List.copyOf(context);
        compactions = List.copyOf(compactions);
        permissions = List.copyOf(permissions);
        lanes = List.copyOf(lanes);
    }

    /** Reads a run with its permission checks; call it off the FX thread. */
    public static RunInspection read(RunStore store, String runId, int chartWidth) {
        return readTimeline(store, runId, chartWidth).withChecks(readChecks(store, runId));
    }

    /**
     * Reads what the inspector shows first, all but the permission checks ({@link #checksPending}); call it off the
     * FX thread. In a JVM that has not read events yet, the checks are about a third of the reading.
     */
    public static RunInspection readTimeline(RunStore store, String runId, int chartWidth) {
        List<RunEvent> events = store.events(runId, EventQuery.from(1, PAGE));
        long total = Math.max(store.lastSeq(runId), events.isEmpty() ? 0 : events.getLast().seq());
        List<RunEvent.ContextCompacted> compactions = new ArrayList<>();
        for (RunEvent e : store.events(runId, EventQuery.from(1, PAGE).kinds("context.compacted"))) {
            compactions.add((RunEvent.ContextCompacted) e);
        }
        Set<String> lanes = new LinkedHashSet<>();
        lanes.add("run");
        for (RunEvent e : events) {
            if (e.agent() != null) {
                lanes.add(e.agent());
            }
        }
        return new RunInspection(runId, events, total, store.contextSeries(runId, Math.max(10, chartWidth)),
                compactions, List.of(), new ArrayList<>(lanes), true);
    }

    /** The run's first {@link #PAGE} permission checks, in order; call it off the FX thread. */
    public static List<RunEvent.PermissionChecked> readChecks(RunStore store, String runId) {
        List<RunEvent.PermissionChecked> checks = new ArrayList<>();
        for (RunEvent e : store.events(runId, EventQuery.from(1, PAGE).kinds("permission.checked"))) {
            checks.add((RunEvent.PermissionChecked) e);
        }
        return checks;
    }

    /** This inspection with its permission checks read. */
    public RunInspection withChecks(List<RunEvent.PermissionChecked> checks) {
        return new RunInspection(runId, events, total, context, compactions, checks, lanes, false);
    }

    /** The lane an event is drawn in: its agent's, or the run's. */
    public String laneOf(RunEvent e) {
        return e.agent() == null ? "run" : e.agent();
    }

    /** The category an event's mark is coloured by. */
    public static String category(RunEvent e) {
        return switch (e) {
            case RunEvent.ModelRequested m -> "model";
            case RunEvent.ModelResponded m -> "model";
            case RunEvent.ToolRequested t -> "tool";
            case RunEvent.ToolCompleted t -> t.ok() ? "tool" : "error";
            case RunEvent.PermissionChecked p -> p.effect().equals("deny") ? "deny"
                    : p.effect().equals("ask") ? "ask" : "allow";
            case RunEvent.GuardTriggered g -> "guard";
            case RunEvent.ContextCompacted c -> "context";
            case RunEvent.ContextTruncated c -> "context";
            case RunEvent.LockAcquired l -> "lock";
            case RunEvent.LockRefused l -> "deny";
            case RunEvent.LockWaited l -> "lock";
            case RunEvent.ErrorHandled h -> "error";
            case RunEvent.CheckpointSaved c -> "checkpoint";
            case RunEvent.CheckpointRestored c -> "checkpoint";
            case RunEvent.WorkspaceChanged w -> "tool";
            case RunEvent.ApprovalRequested a -> "ask";
            case RunEvent.ApprovalAnswered a -> "ask";
            case RunEvent.RunStarted r -> "run";
            case RunEvent.RunEnded r -> "run";
            case RunEvent.NodeEntered n -> "node";
            case RunEvent.NodeExited n -> "node";
        };
    }
}
