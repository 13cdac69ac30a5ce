package dev.bridle.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-resource ownership locks between agents, and the wait-for graph that finds deadlocks. A lock is taken by an
 * agent's first write to a path and released when that agent's node ends.
 */
final class Locks {

    private final Map<String, String> owners = new TreeMap<>();
    private final Map<String, String> waitingFor = new HashMap<>(); // agent -> resource

    /** The agent holding {@code resource}, if it is another than {@code agent}. */
    Optional<String> heldByOther(String resource, String agent) {
        String owner = owners.get(resource);
        return owner == null || owner.equals(agent) ? Optional.empty() : Optional.of(owner);
    }

    /** Takes the lock; returns true when it is newly taken. */
    boolean take(String resource, String agent) {
        waitingFor.remove(agent);
        return owners.putIfAbsent(resource, agent) == null;
    }

    void releaseAll(String agent) {
        owners.values().removeIf(agent::equals);
        waitingFor.remove(agent);
    }

    void waitFor(String agent, String resource) {
        waitingFor.put(agent, resource);
    }

    void stopWaiting(String agent) {
        waitingFor.remove(agent);
    }

    /** A cycle in the wait-for graph through {@code agent}, as agent names, or empty. */
    Optional<List<String>> deadlock(String agent) {
        List<String> path = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String current = agent;
        while (current != null && seen.add(current)) {
            path.add(current);
            String resource = waitingFor.get(current);
            current = resource == null ? null : owners.get(resource);
            if (agent.equals(current)) {
                path.add(agent);
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** Resources and their owners, for the debugger. */
    Map<String, String> owners() {
        return Map.copyOf(owners);
    }
}
