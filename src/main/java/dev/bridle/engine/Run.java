package dev.bridle.engine;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.guard.Guards;
import dev.bridle.guard.Verdict;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Outcome;
import dev.bridle.policy.RunLimits;
import dev.bridle.workspace.Manifest;
import dev.bridle.workspace.WorkspaceHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    final RunLimits limits;
    long seq;
    int attempts;
    int transitions;
    /** Set once {@code run.ended} is being emitted, so that the event cap cannot refuse it. */
    private boolean ending;

    Run(Harness harness, Bindings b, EventSink sink, Guards guards, AtomicBoolean cancelled) {
        this.harness = harness;
        this.b = b;
        this.sink = sink;
        this.state = new RunState(b.clock());
        this.guards = guards;
        this.cancelled = cancelled;
        this.limits = harness.limits();
        this.policy = guards == null ? null : new StepPolicy(harness, guards, b.gate(), state, locks);
    }

    long next() {
        return ++seq;
    }

    Instant now() {
        return b.clock().instant();
    }

    void emit(RunEvent e) {
        if (!ending && e.seq() > limits.events()) {
            // The event that would pass the cap is not recorded: run.ended takes its number.
            seq = e.seq() - 1;
            throw end(Outcome.STOPPED, "events=" + limits.events() + " (the run has recorded "
                    + limits.events() + " events)", RunLimits.RULE);
        }
        sink.accept(e);
    }

    /** A model call is about to be made (a first try, a retry or a call after a rollback): it counts to the cap. */
    void countAttempt() {
        if (++attempts > limits.attempts()) {
            throw end(Outcome.STOPPED, "attempts=" + limits.attempts() + " (model calls, errors"
                    + " and retries included)", RunLimits.RULE);
        }
    }

    /** A workflow node is entered, agent or not: it counts to the cap, so a cycle with no agent step ends. */
    void countTransition() {
        if (++transitions > limits.transitions()) {
            throw end(Outcome.STOPPED, "transitions=" + limits.transitions() + " (workflow nodes"
                    + " entered)", RunLimits.RULE);
        }
    }

    /** A call to the model or a tool that may throw {@code E}. */
    @FunctionalInterface
    interface Call<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Makes a model or tool call under the run's deadline: when a deadline guard would stop the run, the call runs on
     * its own thread and is cancelled (interrupted: the HTTP request is cancelled, a process killed) the moment the
     * deadline passes, and the run ends {@code stopped} by that guard. Without such a guard the call is made here.
     */
    <T, E extends Exception> T underDeadline(Call<T, E> call, String what, String node, String agent) throws E {
        Optional<GuardSpec.Deadline> deadline = guards == null ? Optional.empty() : guards.cuttingDeadline();
        if (deadline.isEmpty()) {
            return call.run();
        }
        Duration left = deadline.get().limit().minus(state.elapsed());
        FutureTask<T> task = new FutureTask<>(call::run);
        // The engine thread never waits interrupted itself: an interrupt would close the store's file channels.
        Thread.ofVirtual().name("bridle-call").start(task);
        try {
            return task.get(Math.max(0, left.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            apply(guards.trigger(deadline.get().id(), deadline.get().describe() + " (the " + what
                    + " was cancelled)"), node, agent);
            throw new IllegalStateException("a deadline that stops did not end the run");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw end(Outcome.INTERRUPTED, "the engine thread was interrupted during the " + what, null);
        } catch (ExecutionException e) {
            throw Run.<E>rethrow(e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Throwable cause) throws E {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        throw (E) cause;
    }

    /** Emits {@code run.ended} and unwinds the run. */
    RunEnd end(Outcome outcome, String reason, String rule) {
        ending = true;
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

    /**
     * Records the decision of every guard that triggered at one point of the step, in document order, then acts on
     * each in that order: the first one that ends the run decides. Returns the nudges to give the agent.
     */
    List<Verdict.Triggered> applyAll(List<Verdict.Triggered> verdicts, String node, String agent) {
        if (verdicts.isEmpty()) {
            return List.of();
        }
        for (Verdict.Triggered t : verdicts) {
            record(t, node, agent);
        }
        List<Verdict.Triggered> nudges = new ArrayList<>();
        for (Verdict.Triggered t : verdicts) {
            if (act(t, node, agent).action() == Verdict.Action.NUDGE) {
                nudges.add(t);
            }
        }
        return nudges;
    }

    /** Records a guard's decision; ends the run for stop and complete, asks for ask and escalate. */
    Verdict.Triggered apply(Verdict verdict, String node, String agent) {
        if (!(verdict instanceof Verdict.Triggered t)) {
            return null;
        }
        record(t, node, agent);
        return act(t, node, agent);
    }

    private void record(Verdict.Triggered t, String node, String agent) {
        emit(new RunEvent.GuardTriggered(next(), now(), state.steps, node, agent, t.guard(), t.action().word(),
                t.detail()));
    }

    private Verdict.Triggered act(Verdict.Triggered t, String node, String agent) {
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
