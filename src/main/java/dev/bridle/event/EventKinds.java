package dev.bridle.event;

import java.util.Map;

/** The stored names of event kinds, and the record type of each. */
public final class EventKinds {

    private static final Map<String, Class<? extends RunEvent>> TYPES = Map.of(
            "run.started", RunEvent.RunStarted.class,
            "node.entered", RunEvent.NodeEntered.class,
            "model.requested", RunEvent.ModelRequested.class,
            "model.responded", RunEvent.ModelResponded.class,
            "tool.requested", RunEvent.ToolRequested.class,
            "tool.completed", RunEvent.ToolCompleted.class,
            "guard.triggered", RunEvent.GuardTriggered.class,
            "node.exited", RunEvent.NodeExited.class,
            "run.ended", RunEvent.RunEnded.class);

    private static final Map<Class<? extends RunEvent>, String> KINDS = invert();

    private EventKinds() {}

    private static Map<Class<? extends RunEvent>, String> invert() {
        var out = new java.util.HashMap<Class<? extends RunEvent>, String>();
        TYPES.forEach((k, v) -> out.put(v, k));
        return Map.copyOf(out);
    }

    static String kindOf(Class<?> type) {
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
