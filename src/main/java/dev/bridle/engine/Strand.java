package dev.bridle.engine;

import dev.bridle.model.ModelResponse;
import dev.bridle.model.ToolCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** One line of execution through the workflow: the main run, or a branch of a parallel node. */
final class Strand {
    final String name;
    String node;
    boolean entered;
    /** The tool calls of the current model turn not yet run (a queued lock keeps them waiting). */
    final Deque<ToolCall> pending = new ArrayDeque<>();
    ModelResponse response;
    final List<String> actions = new ArrayList<>();
    boolean blocked;
    /** A hand-off message for the next agent this strand reaches. */
    String handoff;

    Strand(String name, String node) {
        this.name = name;
        this.node = node;
    }

    boolean midTurn() {
        return response != null;
    }

    void endTurn() {
        pending.clear();
        response = null;
        actions.clear();
        blocked = false;
    }
}
