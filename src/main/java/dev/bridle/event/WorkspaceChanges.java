package dev.bridle.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The workspace's changes read from a run's events, for the inspector and the debugger's time travel: which files
 * each step touched, and where each file stood at a given event.
 */
public final class WorkspaceChanges {

    private WorkspaceChanges() {}

    /** The files each step touched, by step, in event order within a step (a rollback's restore included). */
    public static SortedMap<Integer, List<RunEvent.FileChange>> byStep(List<RunEvent> events) {
        TreeMap<Integer, List<RunEvent.FileChange>> out = new TreeMap<>();
        for (RunEvent e : events) {
            if (e instanceof RunEvent.WorkspaceChanged w) {
                out.computeIfAbsent(w.step(), s -> new ArrayList<>()).addAll(w.files());
            }
        }
        out.replaceAll((step, files) -> List.copyOf(files));
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * Every file touched up to and including event {@code seq}, with its last change, by path: what time travel to
     * that event shows as changed since the run started.
     */
    public static SortedMap<String, RunEvent.FileChange> upTo(List<RunEvent> events, long seq) {
        TreeMap<String, RunEvent.FileChange> out = new TreeMap<>();
        for (RunEvent e : events) {
            if (e.seq() > seq) {
                break;
            }
            if (e instanceof RunEvent.WorkspaceChanged w) {
                for (RunEvent.FileChange f : w.files()) {
                    out.put(f.path(), f);
                }
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** The {@code workspace.changed} events of a run, in order. */
    public static List<RunEvent.WorkspaceChanged> events(List<RunEvent> events) {
        return events.stream().filter(e -> e instanceof RunEvent.WorkspaceChanged)
                .map(e -> (RunEvent.WorkspaceChanged) e).toList();
    }

    /** How many paths a run created, changed and deleted in all, by change word. */
    public static Map<String, Integer> counts(List<RunEvent> events) {
        TreeMap<String, Integer> out = new TreeMap<>();
        events(events).forEach(w -> w.files().forEach(f -> out.merge(f.change(), 1, Integer::sum)));
        return Collections.unmodifiableMap(out);
    }
}
