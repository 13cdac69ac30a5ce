package dev.bridle.engine;

import dev.bridle.context.Compaction;
import dev.bridle.context.ContextWindow;
import dev.bridle.event.RunEvent;
import dev.bridle.guard.Verdict;
import dev.bridle.model.Message;
import dev.bridle.model.ModelException;
import dev.bridle.model.ModelRequest;
import dev.bridle.model.ModelResponse;
import dev.bridle.model.ToolCall;
import dev.bridle.model.ToolSpec;
import dev.bridle.policy.Agent;
import dev.bridle.policy.Coordination;
import dev.bridle.policy.Effect;
import dev.bridle.policy.ErrorPolicy;
import dev.bridle.policy.Node;
import dev.bridle.policy.Outcome;
import dev.bridle.tool.BuiltInSpecs;
import dev.bridle.tool.ToolResult;
import dev.bridle.workspace.Manifest;
import dev.bridle.workspace.RestoreFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One step of an agent: compaction, the model call (with the error policy around it), the tool calls it asks for
 * (each through permissions, custom rules and locks), and the guards after it.
 */
final class AgentStep {

    /** How far a strand got. */
    enum Result {
        /** The agent answered without a tool call: its node is done. */
        DONE,
        /** The agent acted; it takes another step. */
        MORE,
        /** A tool call waits for a lock another agent holds. */
        BLOCKED
    }

    /** Built-in tools that cannot change the workspace: no scan after them. */
    private static final Set<String> READ_ONLY = Set.of("fs.read", "fs.list", "http.get");

    private final Run run;
    private final Map<String, List<ToolSpec>> toolSpecs = new HashMap<>();

    AgentStep(Run run) {
        this.run = run;
    }

    Result step(Strand strand, Node.AgentNode node) {
        Agent agent = run.harness.agents().get(node.agent());
        RunState s = run.state;
        s.agent = agent.id();
        s.node = node.id();
        ContextWindow ctx = s.contexts.get(agent.id());
        if (!strand.midTurn()) {
            run.policy.compact(ctx, run.b.summarizer()).ifPresent((Compaction c) -> run.emit(
                    new RunEvent.ContextCompacted(run.next(), run.now(), s.steps, node.id(), agent.id(), c.strategy(),
                            c.before(), c.after(), run.harness.context().window(), c.removed(), c.pinned())));
            WindowLimit.beforeCall(run, ctx, node.id(), agent.id());
            run.applyAll(run.policy.beforeModelCallAll(node.id(), agent.id(), ctx), node.id(), agent.id());
            // The cap is checked before the request is recorded: a run never shows a call it did not make.
            run.countAttempt();
            run.emit(new RunEvent.ModelRequested(run.next(), run.now(), s.steps, node.id(), agent.id(),
                    ctx.size(), ctx.tokens()));
            ModelResponse response = call(node, agent, ctx);
            List<String> calls = new ArrayList<>(response.toolCalls().size());
            for (ToolCall c : response.toolCalls()) {
                calls.add(c.toString());
            }
            run.emit(new RunEvent.ModelResponded(run.next(), run.now(), s.steps, node.id(), agent.id(),
                    response.text(), calls, response.tokensIn(), response.tokensOut(), response.latencyMillis()));
            Message kept = WindowLimit.admit(run, ctx, Message.assistant(response.text(), response.toolCalls()),
                    "the reply", node.id(), agent.id());
            // A reply cut to fit the window is the answer as cut: the guards, the final answer and every later model
            // call see the same text, and the cut is on record as a context.truncated event.
            strand.response = kept.content().equals(response.text()) ? response : new ModelResponse(kept.content(),
                    response.toolCalls(), response.tokensIn(), response.tokensOut(), response.latencyMillis());
            strand.pending.addAll(response.toolCalls());
        }
        while (!strand.pending.isEmpty()) {
            if (!toolCall(strand, node, agent, ctx, strand.pending.peekFirst())) {
                return Result.BLOCKED;
            }
            strand.pending.removeFirst();
        }
        ModelResponse response = strand.response;
        List<String> actions = List.copyOf(strand.actions);
        strand.endTurn();
        boolean done = StepPolicy.isFinalAnswer(response.text(), response.toolCalls().size());
        List<Verdict.Triggered> verdicts = run.policy.afterStepAll(node.id(), agent.id(), response.tokensIn(),
                response.tokensOut(), response.text(), response.toolCalls().size(), actions);
        for (Verdict.Triggered nudge : run.applyAll(verdicts, node.id(), agent.id())) {
            ctx.add(Message.user(nudge.message()));
        }
        return done ? Result.DONE : Result.MORE;
    }

    /** The model call, with the node's (or the harness's) error policy: retry with backoff, then its last resort. */
    private ModelResponse call(Node.AgentNode node, Agent agent, ContextWindow ctx) {
        ErrorPolicy policy = node.onError().orElse(run.harness.onError());
        String rule = node.onError().isPresent() ? "workflow.nodes." + node.id() + ".onError" : "onError";
        List<ToolSpec> tools = toolSpecs.computeIfAbsent(agent.id(),
                a -> agent.tools().stream().map(BuiltInSpecs::offered).toList());
        // Failures count per node across rollbacks: the last resort happens once, and a rollback spends an attempt.
        int attempt = failures.getOrDefault(node.id(), 0);
        boolean first = true;
        while (true) {
            run.checkCancelled();
            if (!first) {
                run.countAttempt();
            }
            first = false;
            try {
                ModelRequest request = new ModelRequest(agent.id(), ctx.messages(), tools);
                ModelResponse response = run.underDeadline(() -> run.b.model().respond(request), "model call",
                        node.id(), agent.id());
                failures.remove(node.id());
                return response;
            } catch (ModelException e) {
                attempt++;
                failures.put(node.id(), attempt);
                String error = e.getMessage();
                if (attempt <= policy.retry()) {
                    run.emit(new RunEvent.ErrorHandled(run.next(), run.now(), run.state.steps, node.id(), agent.id(),
                            error, "retry", attempt, rule));
                    run.b.pause().pause(backoff(policy, attempt));
                    continue;
                }
                if (attempt > policy.retry() + 1 && policy.then() == ErrorPolicy.Action.ROLLBACK) {
                    // The rollback was the last resort and the node still fails: going round again would never end.
                    run.emit(new RunEvent.ErrorHandled(run.next(), run.now(), run.state.steps, node.id(), agent.id(),
                            error, "stop", attempt, rule));
                    throw run.end(Outcome.FAILED, error + " (still failing after " + policy.retry()
                            + " retries and a rollback)", rule);
                }
                run.emit(new RunEvent.ErrorHandled(run.next(), run.now(), run.state.steps, node.id(), agent.id(),
                        error, policy.then().word(), attempt, rule));
                switch (policy.then()) {
                    case STOP -> throw run.end(Outcome.FAILED, error, rule);
                    case ROLLBACK -> throw rollback(node.id(), rule, error);
                    case ESCALATE -> {
                        if (!run.ask(rule, node.id(), agent.id(), "the model failed (" + error + ") after " + attempt
                                + " attempts; try again?")) {
                            throw run.end(Outcome.FAILED, error + "; escalation rejected", rule);
                        }
                        // A human said go on: retries start again (the run-wide attempt cap still bounds them).
                        attempt = 0;
                        failures.remove(node.id());
                    }
                }
            }
        }
    }

    /** Model failures per agent node since its last answer, kept across rollbacks. */
    private final Map<String, Integer> failures = new HashMap<>();

    static Duration backoff(ErrorPolicy policy, int attempt) {
        return policy.backoff().multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    /** Restores the last checkpoint, or fails the run when there is none. */
    RolledBack rollback(String node, String rule, String error) {
        RunState.Snapshot cp = run.checkpoints.peekLast();
        if (cp == null) {
            throw run.end(Outcome.FAILED, error + "; no checkpoint to roll back to", rule);
        }
        List<RunEvent.FileChange> restored = List.of();
        Manifest files = run.workspaceAt.get(cp);
        if (files != null) {
            try {
                restored = run.workspace.restore(files);
            } catch (RestoreFailedException e) {
                // Never a silent half-restore: the agent must not go on in a workspace that is neither state.
                throw run.end(Outcome.FAILED, error + "; rolling back to checkpoint '" + cp.checkpoint()
                        + "' failed to restore the workspace: " + e.getMessage(), rule);
            }
        }
        run.state.restore(cp);
        run.emit(new RunEvent.CheckpointRestored(run.next(), run.now(), run.state.steps, node, cp.checkpoint(),
                rule));
        run.workspaceChanged(node, null, "checkpoint '" + cp.checkpoint() + "' restored", restored);
        return new RolledBack(cp.next());
    }

    /** One tool call; returns false when it must wait for a lock. */
    private boolean toolCall(Strand strand, Node.AgentNode node, Agent agent, ContextWindow ctx, ToolCall call) {
        RunState s = run.state;
        // Arguments are parsed only for what needs them: locks on writes and rules that read tool.args.
        boolean write = run.policy.isWrite(call.tool());
        Map<String, Object> args = run.policy.readsToolArguments() ? CelValues.fromJsonObject(call.args()) : Map.of();
        String path = write ? run.policy.writtenPath(call).orElse(null) : null;
        write = write && path != null;
        Coordination co = run.harness.coordination();
        if (!strand.blocked) {
            run.emit(new RunEvent.ToolRequested(run.next(), run.now(), s.steps, node.id(), agent.id(), call.tool(),
                    call.args()));
        }
        String refusal = strand.blocked ? null : decide(node, agent, call, args);
        if (refusal == null && write && run.policy.locksPaths()) {
            var holder = run.policy.lockHolder(agent.id(), path);
            if (holder.isPresent()) {
                if (co.onBusy() == Coordination.OnBusy.QUEUE) {
                    if (!strand.blocked) {
                        run.emit(new RunEvent.LockWaited(run.next(), run.now(), s.steps, node.id(), agent.id(), path,
                                holder.get()));
                    }
                    strand.blocked = true;
                    run.locks.waitFor(agent.id(), path);
                    run.locks.deadlock(agent.id()).ifPresent(cycle -> {
                        throw run.end(Outcome.STOPPED, "deadlock: " + String.join(" waits for ", cycle),
                                "coordination.locks");
                    });
                    return false;
                }
                run.emit(new RunEvent.LockRefused(run.next(), run.now(), s.steps, node.id(), agent.id(), path,
                        holder.get(), "refused"));
                refusal = Reasons.locked(path, holder.get());
            } else if (run.policy.takeLock(agent.id(), path)) {
                run.emit(new RunEvent.LockAcquired(run.next(), run.now(), s.steps, node.id(), agent.id(), path));
            }
        }
        strand.blocked = false;
        ToolResult result = refusal != null ? ToolResult.error(refusal)
                : run.underDeadline(() -> run.b.tools().call(agent.id(), call), "tool call", node.id(), agent.id());
        run.policy.toolCompleted(call, write ? path : null, result.ok(), result.output(), result.sets());
        run.emit(new RunEvent.ToolCompleted(run.next(), run.now(), s.steps, node.id(), agent.id(), call.tool(),
                result.ok(), result.output(), result.durationMillis()));
        if (refusal == null && run.workspace != null && !READ_ONLY.contains(call.tool())) {
            try {
                run.workspaceChanged(node.id(), agent.id(), call.tool(), run.workspace.step());
            } catch (IOException e) {
                throw run.end(Outcome.FAILED, "the workspace cannot be read after " + call.tool() + ": "
                        + e.getMessage(), "workspace");
            }
        }
        WindowLimit.admit(run, ctx, Message.toolResult(call, result.output()), "the tool result of " + call.tool(),
                node.id(), agent.id());
        strand.actions.add(run.policy.action(call));
        return true;
    }

    /** Permissions, then custom rules; returns the refusal text, or null when the call may run. */
    private String decide(Node.AgentNode node, Agent agent, ToolCall call, Map<String, Object> args) {
        RunState s = run.state;
        ToolGate.Decision d = run.policy.permission(agent.id(), call);
        run.emit(new RunEvent.PermissionChecked(run.next(), run.now(), s.steps, node.id(), agent.id(), call.tool(),
                d.effect().word(), d.rule(), d.resource()));
        if (d.effect() == Effect.DENY) {
            return Reasons.deniedByRule(d.rule(), d.resource());
        }
        if (d.effect() == Effect.ASK && !run.ask(d.rule(), node.id(), agent.id(),
                Reasons.permissionQuestion(d.rule(), agent.id(), d.resource()))) {
            return Reasons.approvalRefused(d.rule(), d.resource());
        }
        Verdict v = run.policy.toolRules(node.id(), agent.id(), call, args);
        if (v instanceof Verdict.Triggered t && t.action() == Verdict.Action.ASK) {
            run.emit(new RunEvent.GuardTriggered(run.next(), run.now(), s.steps, node.id(), agent.id(), t.guard(),
                    "ask", t.detail()));
            return run.ask(t.guard(), node.id(), agent.id(), Reasons.toolGuardQuestion(t.guard(), agent.id(), call))
                    ? null : Reasons.guardApprovalRefused(t.guard());
        }
        Verdict.Triggered applied = run.apply(v, node.id(), agent.id());
        if (applied != null && applied.action() == Verdict.Action.DENY && v instanceof Verdict.Triggered t) {
            return Reasons.deniedByGuard(t);
        }
        return null;
    }
}
