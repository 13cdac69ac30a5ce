package dev.bridle.engine;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.guard.Guards;
import dev.bridle.guard.Verdict;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Outcome;
import dev.bridle.workspace.Manifest;
import dev.bridle.workspace.WorkspaceHistory;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the parts of one run share: the harness, its bindings, the state, the guards, locks and checkpoints, and the
 * event sequence. Emitting, ending and asking questions go through here so they look the same everywhere.
 */
final class Run {

    final Harness harness;
    final Bindings b;
    final EventSink sink;
    final RunState state;
    final Guards guards;
    final Locks locks = new Locks();
    /** The step decisions, shared with the embeddable runtime; null when a guard did not compile. */
    final StepPolicy policy;
    final Deque<RunState.Snapshot> checkpoints = new ArrayDeque<>();
    /** The workspace's checkpoints and per-step changes; null when the run has no workspace folder. */
    WorkspaceHistory workspace;
    /** The workspace as each checkpoint saw it, by checkpoint (identity: two saves of one node are two entries). */
    final Map<RunState.Snapshot, Manifest> workspaceAt = new IdentityHashMap<>();
    final AtomicBoolean cancelled;
    long seq;

    Run(Harness harness, Bindings b, EventSink sink, Guards guards, AtomicBoolean cancelled) {
        this.harness = harness;
        this.b = b;
        this.sink = sink;
        this.state = new RunState(b.clock());
        this.guards = guards;
        this.cancelled = cancelled;
        this.policy = guards == null ? null : new StepPolicy(harness, guards, b.gate(), state, locks);
    }

    long next() {
        return ++seq;
    }

    Instant now() {
        return b.clock().instant();
    }

    void emit(RunEvent e) {
        sink.accept(e);
    }

    /** Emits {@code run.ended} and unwinds the run. */
    RunEnd end(Outcome outcome, String reason, String rule) {
        emit(new RunEvent.RunEnded(next(), now(), state.steps, outcome, reason, rule));
        return new RunEnd(new RunResult(outcome, reason, rule, state.steps));
    }

    void checkCancelled() {
        if (cancelled.get()) {
            throw end(Outcome.INTERRUPTED, "cancelled by the user", null);
        }
    }

    /** Emits {@code workspace.changed} when a tool call (or a restore) changed files; nothing otherwise. */
    void workspaceChanged(String node, String agent, String cause, List<RunEvent.FileChange> files) {
        if (!files.isEmpty()) {
            emit(new RunEvent.WorkspaceChanged(next(), now(), state.steps, node, agent, cause, files));
        }
    }

    /** Asks the approver, recording the question and the answer; returns whether it was approved. */
    boolean ask(String rule, String node, String agent, String question) {
        emit(new RunEvent.ApprovalRequested(next(), now(), state.steps, node, agent, rule, question));
        Approver.Answer answer = b.approver().answer(new Approver.Question(rule, node, agent, question));
        emit(new RunEvent.ApprovalAnswered(next(), now(), state.steps, node, agent, rule, answer.approved(),
                answer.by()));
        return answer.approved();
    }

    /** Records a guard's decision; ends the run for stop and complete, asks for ask and escalate. */
    Verdict.Triggered apply(Verdict verdict, String node, String agent) {
        if (!(verdict instanceof Verdict.Triggered t)) {
            return null;
        }
        emit(new RunEvent.GuardTriggered(next(), now(), state.steps, node, agent, t.guard(), t.action().word(),
                t.detail()));
        return switch (t.action()) {
            case STOP -> throw end(Outcome.STOPPED, Reasons.stopped(t), t.guard());
            case COMPLETE -> throw end(Outcome.COMPLETED, Reasons.completed(t), t.guard());
            case ASK, ESCALATE -> {
                boolean approved = ask(t.guard(), node, agent, Reasons.mayGoOn(t));
                if (!approved) {
                    throw end(Outcome.STOPPED, Reasons.rejected(t), t.guard());
                }
                yield t;
            }
            case WARN, NUDGE, DENY -> t;
        };
    }
}
