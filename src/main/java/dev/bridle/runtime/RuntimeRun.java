package dev.bridle.runtime;

import dev.bridle.access.PathScope;
import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.StepPolicy;
import dev.bridle.event.RunEvent;
import dev.bridle.expr.ExprFailure;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Outcome;
import dev.bridle.workspace.Manifest;
import dev.bridle.workspace.RestoreFailedException;
import dev.bridle.workspace.WorkspaceHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a harness in production: the step counter, token totals, variables, guard stages and per-path locks
 * that every {@link Session} opened on it shares, and the sequence of its events. Not thread-safe: call it from the
 * thread that runs the agent loop, as the engine does. With a workspace folder, its checkpoints capture the folder:
 * close the run when it is done to delete the bytes they kept.
 */
public final class RuntimeRun implements AutoCloseable {

    private final Harness harness;
    private final RunOptions options;
    final StepPolicy policy;
    private long seq;
    private Decision ending;
    /** The workspace's history, opened at the first checkpoint (no scan, no store before); null until then. */
    private WorkspaceHistory workspace;
    /** The workspace as each checkpoint saw it, by checkpoint name (a name saved again is replaced, as variables). */
    private final Map<String, Manifest> workspaceAt = new HashMap<>();

    RuntimeRun(Harness harness, RunOptions options) {
        this.harness = harness;
        this.options = options;
        Optional<PathScope> scope = options.workspace().map(w -> {
            try {
                return PathScope.of(w);
            } catch (IOException e) {
                throw new UncheckedIOException("workspace " + w + " cannot be used: " + e.getMessage(), e);
            }
        });
        this.policy = policy(harness, PermissionGate.of(harness, scope), options.clock());
        emit(new RunEvent.RunStarted(next(), now(), 0, harness.name(), options.model()));
    }

    static StepPolicy policy(Harness harness) {
        return policy(harness, PermissionGate.of(harness, Optional.empty()), Clock.systemUTC());
    }

    private static StepPolicy policy(Harness harness, PermissionGate gate, Clock clock) {
        try {
            return StepPolicy.of(harness, gate, clock);
        } catch (ExprFailure e) {
            throw new IllegalArgumentException("harness '" + harness.name() + "': a guard cannot be compiled: "
                    + e.getMessage(), e);
        }
    }

    /** A turn of {@code agent} at the workflow node that runs it (the agent's id when no single node does). */
    public Session session(String agent) {
        List<String> nodes = harness.workflow().nodes().values().stream()
                .filter(n -> n instanceof Node.AgentNode a && a.agent().equals(agent)).map(Node::id).toList();
        return session(agent, nodes.size() == 1 ? nodes.getFirst() : agent);
    }

    /** A turn of {@code agent} at workflow node {@code node}; final answers are kept as {@code state.NODE.answer}. */
    public Session session(String agent, String node) {
        if (!harness.agents().containsKey(agent)) {
            throw new IllegalArgumentException("agent '" + agent + "' is not in harness '" + harness.name()
                    + "'; agents are " + harness.agents().keySet());
        }
        return new Session(this, agent, node);
    }

    /** Completed steps so far. */
    public int steps() {
        return policy.steps();
    }

    /** The run's variables, as tools and answers set them. */
    public Map<String, Object> variables() {
        return policy.variables();
    }

    /** The decision that ended the run ({@link Decision.Stop} or {@link Decision.Complete}), if one has. */
    public Optional<Decision> ended() {
        return Optional.ofNullable(ending);
    }

    /**
     * Saves the variables and files written so far under {@code name}, to roll back to; with a workspace folder, the
     * folder too (every file's bytes), as the engine's checkpoint nodes do.
     *
     * @throws UncheckedIOException when the workspace cannot be read; the run is then ended as failed
     */
    public void saveCheckpoint(String name) {
        if (options.workspace().isPresent()) {
            try {
                if (workspace == null) {
                    workspace = WorkspaceHistory.open(options.workspace().get(), true);
                }
                workspaceAt.put(name, workspace.checkpoint());
            } catch (IOException e) {
                // A checkpoint that cannot restore the files would be a promise the rollback cannot keep.
                String reason = "checkpoint '" + name + "' cannot capture the workspace: " + e.getMessage();
                end(Outcome.FAILED, reason, "workspace");
                throw new UncheckedIOException(reason, e);
            }
        }
        policy.saveCheckpoint(name);
        emit(new RunEvent.CheckpointSaved(next(), now(), steps(), null, name));
    }

    /**
     * Rolls the variables and files written back to checkpoint {@code name}; counters and budgets go on. With a
     * workspace folder, the folder is restored byte for byte first and {@code workspace.changed} lists what the
     * restore changed. A restore that fails ends the run as failed (never a silent half-restore) and returns false.
     */
    public boolean restoreCheckpoint(String name, String rule) {
        Manifest files = workspaceAt.get(name);
        List<RunEvent.FileChange> restored = List.of();
        if (files != null) {
            try {
                restored = workspace.restore(files);
            } catch (RestoreFailedException e) {
                // The agent must not go on in a workspace that is neither the checkpoint's nor its own.
                end(Outcome.FAILED, "rolling back to checkpoint '" + name + "' failed to restore the workspace: "
                        + e.getMessage(), rule);
                return false;
            }
        }
        boolean done = policy.restoreCheckpoint(name);
        if (done) {
            emit(new RunEvent.CheckpointRestored(next(), now(), steps(), null, name, rule));
            if (!restored.isEmpty()) {
                emit(new RunEvent.WorkspaceChanged(next(), now(), steps(), null, null,
                        "checkpoint '" + name + "' restored", restored));
            }
        }
        return done;
    }

    /** Deletes the bytes the workspace's checkpoints kept; the run's decisions are not changed. */
    @Override
    public void close() {
        if (workspace != null) {
            workspace.close();
            workspace = null;
            workspaceAt.clear();
        }
    }

    /** Records how the run ended when the caller's own loop ends it (the agent answered, the program gave up). */
    public void end(Outcome outcome, String reason, String rule) {
        if (ending == null) {
            ending = outcome == Outcome.COMPLETED ? new Decision.Complete(rule) : new Decision.Stop(rule, reason);
            emit(new RunEvent.RunEnded(next(), now(), steps(), outcome, reason, rule));
        }
    }

    Decision endWith(Decision d, Outcome outcome, String reason, String rule) {
        if (ending == null) {
            ending = d;
            emit(new RunEvent.RunEnded(next(), now(), steps(), outcome, reason, rule));
        }
        return ending;
    }

    Harness harness() {
        return harness;
    }

    RunOptions options() {
        return options;
    }

    long next() {
        return ++seq;
    }

    Instant now() {
        return options.clock().instant();
    }

    void emit(RunEvent e) {
        options.events().accept(e);
    }
}
