package dev.bridle.event;

import java.util.Map;

/** The stored names of event kinds, and the record type of each. */
public final class EventKinds {

    private static final Map<String, Class<? extends RunEvent>> TYPES = Map.ofEntries(
            Map.entry("run.started", RunEvent.RunStarted.class),
            Map.entry("node.entered", RunEvent.NodeEntered.class),
            Map.entry("model.requested", RunEvent.ModelRequested.class),
            Map.entry("model.responded", RunEvent.ModelResponded.class),
            Map.entry("tool.requested", RunEvent.ToolRequested.class),
            Map.entry("tool.completed", RunEvent.ToolCompleted.class),
            Map.entry("guard.triggered", RunEvent.GuardTriggered.class),
            Map.entry("permission.checked", RunEvent.PermissionChecked.class),
            Map.entry("lock.acquired", RunEvent.LockAcquired.class),
            Map.entry("lock.refused", RunEvent.LockRefused.class),
            Map.entry("lock.waited", RunEvent.LockWaited.class),
            Map.entry("context.compacted", RunEvent.ContextCompacted.class),
            Map.entry("context.truncated", RunEvent.ContextTruncated.class),
            Map.entry("checkpoint.saved", RunEvent.CheckpointSaved.class),
            Map.entry("checkpoint.restored", RunEvent.CheckpointRestored.class),
            Map.entry("workspace.changed", RunEvent.WorkspaceChanged.class),
            Map.entry("approval.requested", RunEvent.ApprovalRequested.class),
            Map.entry("approval.answered", RunEvent.ApprovalAnswered.class),
            Map.entry("error.handled", RunEvent.ErrorHandled.class),
            Map.entry("node.exited", RunEvent.NodeExited.class),
            Map.entry("run.ended", RunEvent.RunEnded.class));

    private static final Map<Class<? extends RunEvent>, String> KINDS = invert();

    private EventKinds() {}

    private static Map<Class<? extends RunEvent>, String> invert() {
        var out = new java.util.HashMap<Class<? extends RunEvent>, String>();
        TYPES.forEach((k, v) -> out.put(v, k));
        return Map.copyOf(out);
    }

    /** The stored name of an event record type. */
    public static String kindOf(Class<?> type) {
        String kind = KINDS.get(type);
        if (kind == null) {
            throw new IllegalArgumentException("no kind for " + type);
        }
        return kind;
    }

    /** The record type stored under {@code kind}. */
    public static Class<? extends RunEvent> typeOf(String kind) {
        Class<? extends RunEvent> type = TYPES.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("unknown event kind '" + kind + "'");
        }
        return type;
    }
}
