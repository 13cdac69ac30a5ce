package dev.bridle.runtime;

import dev.bridle.context.Admission;
import dev.bridle.context.Compaction;
import dev.bridle.context.ContextWindow;
import dev.bridle.engine.Reasons;
import dev.bridle.engine.StepPolicy;
import dev.bridle.engine.ToolGate;
import dev.bridle.event.RunEvent;
import dev.bridle.guard.Verdict;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One turn of one agent in a {@link RuntimeRun}: ask it before every model call ({@link #beforeModelCall}) and every
 * tool call ({@link #beforeToolCall}), tell it how each call went ({@link #toolCompleted}) and when a step ends
 * ({@link #afterStep}). Every answer is a {@link Decision} naming its rule; an {@link Decision.Ask} is resolved with
 * {@link #answer}. Close the session when the agent's turn ends: its per-path locks are released.
 */
public final class Session implements AutoCloseable {

    private final RuntimeRun run;
    private final StepPolicy policy;
    private final String agent;
    private final String node;
    private final List<String> actions = new ArrayList<>();
    /** The step's calls whose outcome is already recorded (reported, or denied here), matched by call, not position. */
    private final List<String> completed = new ArrayList<>();
    private Pending pending;
    private boolean closed;

    Session(RuntimeRun run, String agent, String node) {
        this.run = run;
        this.policy = run.policy;
        this.agent = agent;
        this.node = node;
        run.emit(new RunEvent.NodeEntered(run.next(), run.now(), policy.steps(), node, agent));
        policy.startTurn(agent);
    }

    public String agent() {
        return agent;
    }

    public String node() {
        return node;
    }

    /** The guards before a model call, when the caller only knows the context's size in tokens. */
    public Decision beforeModelCall(int contextTokens) {
        Optional<Decision> over = over();
        if (over.isPresent()) {
            return over.get();
        }
        Decision d = between(policy.beforeModelCallAll(node, agent, contextTokens), Point.MODEL_CALL);
        if (d.proceeds()) {
            run.emit(new RunEvent.ModelRequested(run.next(), run.now(), policy.steps(), node, agent, 0,
                    contextTokens));
        }
        return d;
    }

    /**
     * Compaction, then the guards, before a model call with {@code context}. When the context is over the harness's
     * window the answer says which messages to remove (and the summary to put in their place); the guards see the
     * context as it will be after that.
     */
    public ModelCallCheck beforeModelCall(List<ContextMessage> context) {
        ContextWindow window = new ContextWindow(agent, run.harness().context(), run.options().tokens());
        for (ContextMessage m : context) {
            window.add(m.message(), m.tag());
        }
        Optional<Decision> over = over();
        if (over.isPresent()) {
            return new ModelCallCheck(over.get(), Optional.empty(), window.tokens());
        }
        Optional<CompactionInstruction> instruction = Optional.empty();
        Optional<Compaction> done = policy.compact(window, run.options().summarizer());
        if (done.isPresent()) {
            Compaction c = done.get();
            run.emit(new RunEvent.ContextCompacted(run.next(), run.now(), policy.steps(), node, agent, c.strategy(),
                    c.before(), c.after(), run.harness().context().window(), c.removed(), c.pinned()));
            String text = c.summary().isEmpty() ? "" : ContextWindow.summaryMessage(c.summary()).content();
            instruction = Optional.of(new CompactionInstruction(c.strategy(), c.indexes(), text, c.before(),
                    c.after(), c.pinned()));
        }
        // The window is a limit here as in the engine: a context still over it after compaction stops the run.
        // Cutting a message is the engine's alone so far: the runtime has no instruction for it, so it stops too.
        for (Admission a : window.fitBeforeCall()) {
            if (a instanceof Admission.Overflow || a instanceof Admission.Cut) {
                Admission.Overflow o = a instanceof Admission.Cut c
                        ? new Admission.Overflow(c.what(), c.before(), c.after()) : (Admission.Overflow) a;
                String reason = o.what() + " (" + o.tokens() + " tokens) cannot fit the context window of "
                        + run.harness().context().window() + " tokens (" + o.room() + " left beside the rest of the"
                        + " context)";
                return new ModelCallCheck(run.endWith(new Decision.Stop("context.window", reason), Outcome.STOPPED,
                        reason, "context.window"), instruction, window.tokens());
            }
        }
        Decision d = between(policy.beforeModelCallAll(node, agent, window), Point.MODEL_CALL);
        if (d.proceeds()) {
            run.emit(new RunEvent.ModelRequested(run.next(), run.now(), policy.steps(), node, agent, window.size(),
                    window.tokens()));
        }
        return new ModelCallCheck(d, instruction, window.tokens());
    }

    /**
     * Before a tool call: the permission rules (and the workspace's real paths), then the custom rules, then the
     * per-path lock of a write. A {@link Decision.Deny} is final for this call: it is recorded as a failed call with
     * the reason as its result, so do not report it again.
     *
     * @param args the call's arguments as a JSON object
     */
    public Decision beforeToolCall(String tool, String args) {
        Optional<Decision> over = over();
        if (over.isPresent()) {
            return over.get();
        }
        ToolCall call = new ToolCall(tool, args == null || args.isBlank() ? "{}" : args);
        actions.add(policy.action(call));
        run.emit(new RunEvent.ToolRequested(run.next(), run.now(), policy.steps(), node, agent, call.tool(),
                call.args()));
        ToolGate.Decision d = policy.permission(agent, call);
        run.emit(new RunEvent.PermissionChecked(run.next(), run.now(), policy.steps(), node, agent, call.tool(),
                d.effect().word(), d.rule(), d.resource()));
        if (d.effect() == Effect.DENY) {
            return refuse(call, d.rule(), Reasons.deniedByRule(d.rule(), d.resource()));
        }
        if (d.effect() == Effect.ASK) {
            return ask(new Pending.Permission(call, d), d.rule(),
                    Reasons.permissionQuestion(d.rule(), agent, d.resource()));
        }
        return customRules(call, d.rule());
    }

    /**
     * The human's answer to an {@link Decision.Ask}; returns what follows: for a tool call, the rest of its checks
     * (or a denial when the answer is no); between steps, go on (or stop when the answer is no).
     *
     * @param by who answered, for the record ({@code user}, {@code slack:alice}, …)
     */
    public Decision answer(Decision.Ask ask, boolean approved, String by) {
        refuseIfClosed("an answer");
        Pending p = pending;
        if (p == null || !p.rule().equals(ask.rule())) {
            throw new IllegalStateException("no question of rule '" + ask.rule() + "' is waiting for an answer");
        }
        pending = null;
        run.emit(new RunEvent.ApprovalAnswered(run.next(), run.now(), policy.steps(), node, agent, ask.rule(),
                approved, by));
        return switch (p) {
            case Pending.Permission perm -> approved ? customRules(perm.call(), perm.rule())
                    : refuse(perm.call(), perm.rule(), Reasons.approvalRefused(perm.rule(), perm.decision().resource()));
            case Pending.ToolGuard g -> approved ? lock(g.call(), new Decision.Allow(g.rule()))
                    : refuse(g.call(), g.rule(), Reasons.guardApprovalRefused(g.rule()));
            case Pending.GoOn go -> {
                if (!approved) {
                    String reason = Reasons.rejected(go.verdict());
                    yield run.endWith(new Decision.Stop(go.rule(), reason), Outcome.STOPPED, reason, go.rule());
                }
                if (go.call() != null) {
                    yield lock(go.call(), new Decision.Allow(go.rule()));
                }
                // As in the engine, the guards after the answered one are acted on in order: a later stop ends.
                Decision next = act(go.rest(), go.point(), new Decision.Allow(go.rule()));
                if (next.proceeds() && pending == null && go.point() == Point.MODEL_CALL) {
                    run.emit(new RunEvent.ModelRequested(run.next(), run.now(), policy.steps(), node, agent, 0,
                            0));
                }
                yield next;
            }
        };
    }

    /** {@link #answer(Decision.Ask, boolean, String)} answered by {@code user}. */
    public Decision answer(Decision.Ask ask, boolean approved) {
        return answer(ask, approved, "user");
    }

    /**
     * A tool call that was allowed has run: its result, and the run variables it sets. Reporting each call as it
     * finishes lets the next call's rules see its effect, as in the engine.
     */
    public void toolCompleted(ToolOutcome outcome) {
        ToolCall call = new ToolCall(outcome.tool(), outcome.args() == null ? "{}" : outcome.args());
        refuseIfClosed("toolCompleted");
        complete(call, outcome.ok(), outcome.output(), outcome.sets());
        completed.add(call.toString());
    }

    /**
     * The step has ended: counters and budgets go up, a final answer (text, no tool call) is kept as
     * {@code state.NODE.answer}, and the guards that look back at the step decide (loops, no progress, stalls,
     * budgets, completion).
     */
    public Decision afterStep(StepReport report) {
        Optional<Decision> over = over();
        if (over.isPresent()) {
            return over.get();
        }
        List<ToolOutcome> outcomes = report.toolCalls();
        // A report may leave out calls the session denied or that were reported one by one, so outcomes are matched
        // to those calls by the call itself: by position, an allowed call after a denied one was taken for it and lost.
        List<String> announced = new ArrayList<>(actions);
        for (ToolOutcome o : outcomes) {
            ToolCall call = new ToolCall(o.tool(), o.args() == null ? "{}" : o.args());
            String action = policy.action(call);
            if (!announced.remove(action)) {
                actions.add(action);
            }
            if (completed.remove(call.toString())) {
                continue;
            }
            complete(call, o.ok(), o.output(), o.sets());
        }
        if (!report.variables().isEmpty()) {
            policy.toolCompleted(new ToolCall("step", "{}"), null, true, "", report.variables());
        }
        int calls = Math.max(actions.size(), outcomes.size());
        List<String> step = List.copyOf(actions);
        actions.clear();
        completed.clear();
        List<Verdict.Triggered> all = policy.afterStepAll(node, agent, report.tokensIn(), report.tokensOut(),
                report.reply(), calls, step);
        return between(all, Point.AFTER_STEP);
    }

    /**
     * The model answered: {@code model.responded} is recorded as in a scripted run, for callers (the gateway) that
     * make the model call themselves and want the timeline to show it.
     *
     * @param calls the tool calls the model emitted, before any decision on them
     */
    public void modelResponded(String text, List<ToolCall> calls, int tokensIn, int tokensOut, long latencyMillis) {
        refuseIfClosed("modelResponded");
        List<String> named = calls.stream().map(ToolCall::toString).toList();
        run.emit(new RunEvent.ModelResponded(run.next(), run.now(), policy.steps(), node, agent,
                text == null ? "" : text, named, tokensIn, tokensOut, latencyMillis));
    }

    /**
     * The model call failed before any answer (the server was unreachable or answered an error): recorded as
     * {@code error.handled} with the action the caller took ({@code reported} when the failure went back to the agent).
     */
    public void modelFailed(String error, String action) {
        refuseIfClosed("modelFailed");
        run.emit(new RunEvent.ErrorHandled(run.next(), run.now(), policy.steps(), node, agent, error, action, 1,
                "model"));
    }

    /** The agent's turn has ended: its locks are released. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            policy.releaseLocks(agent);
            run.emit(new RunEvent.NodeExited(run.next(), run.now(), policy.steps(), node, agent, null));
        }
    }

    private enum Point { MODEL_CALL, AFTER_STEP, TOOL_CALL }

    /** A question waiting for {@link #answer}. */
    private sealed interface Pending {
        String rule();

        record Permission(ToolCall call, ToolGate.Decision decision) implements Pending {
            @Override
            public String rule() {
                return decision.rule();
            }
        }

        record ToolGuard(ToolCall call, String rule) implements Pending {}

        /** {@code rest}: the guards that triggered at the same point after this one, acted on once it is answered. */
        record GoOn(Verdict.Triggered verdict, Point point, ToolCall call, List<Verdict.Triggered> rest)
                implements Pending {
            @Override
            public String rule() {
                return verdict.guard();
            }
        }
    }

    private Optional<Decision> over() {
        refuseIfClosed("a call");
        if (run.ended().isPresent()) {
            return run.ended();
        }
        if (pending != null) {
            throw new IllegalStateException("the question of rule '" + pending.rule()
                    + "' must be answered first (Session.answer)");
        }
        return Optional.empty();
    }

    /**
     * A closed session refuses with an exception rather than a decision: its turn has ended and its locks are gone, so
     * no answer it gave could be trusted, and an exception cannot be mistaken for a decision to go on.
     */
    private void refuseIfClosed(String what) {
        if (closed) {
            throw new IllegalStateException("refused by rule 'session.closed': the session of agent '" + agent
                    + "' at node '" + node + "' is closed, so it refuses " + what
                    + "; open a new session (RuntimeRun.session)");
        }
    }

    private Decision ask(Pending p, String rule, String question) {
        pending = p;
        run.emit(new RunEvent.ApprovalRequested(run.next(), run.now(), policy.steps(), node, agent, rule, question));
        return new Decision.Ask(rule, question);
    }

    /** The custom rules after the permission rule {@code allowedBy} let the call through. */
    private Decision customRules(ToolCall call, String allowedBy) {
        Verdict v = policy.toolRules(node, agent, call);
        if (v instanceof Verdict.Triggered t && t.action() == Verdict.Action.ASK) {
            run.emit(new RunEvent.GuardTriggered(run.next(), run.now(), policy.steps(), node, agent, t.guard(), "ask",
                    t.detail()));
            return ask(new Pending.ToolGuard(call, t.guard()), t.guard(),
                    Reasons.toolGuardQuestion(t.guard(), agent, call));
        }
        if (v instanceof Verdict.Triggered t) {
            record(t);
            switch (t.action()) {
                case DENY -> {
                    return refuse(call, t.guard(), Reasons.deniedByGuard(t));
                }
                case STOP, COMPLETE -> {
                    return terminal(t);
                }
                case ESCALATE -> {
                    return ask(new Pending.GoOn(t, Point.TOOL_CALL, call, List.of()), t.guard(),
                            Reasons.mayGoOn(t));
                }
                default -> {
                    return lock(call, new Decision.Warn(t.guard(), t.detail()));
                }
            }
        }
        return lock(call, new Decision.Allow(allowedBy));
    }

    private Decision lock(ToolCall call, Decision otherwise) {
        Optional<String> path = policy.locksPaths() ? policy.writtenPath(call) : Optional.empty();
        if (path.isEmpty()) {
            return otherwise;
        }
        Optional<String> holder = policy.lockHolder(agent, path.get());
        if (holder.isPresent()) {
            // The engine can park a branch until the lock is free (onBusy: queue); a caller's thread cannot be
            // parked here, so a busy path is refused either way.
            run.emit(new RunEvent.LockRefused(run.next(), run.now(), policy.steps(), node, agent, path.get(),
                    holder.get(), "refused"));
            return refuse(call, "coordination.locks", Reasons.locked(path.get(), holder.get()));
        }
        if (policy.takeLock(agent, path.get())) {
            run.emit(new RunEvent.LockAcquired(run.next(), run.now(), policy.steps(), node, agent, path.get()));
        }
        return otherwise;
    }

    private Decision refuse(ToolCall call, String rule, String reason) {
        complete(call, false, reason, Map.of());
        completed.add(call.toString());
        return new Decision.Deny(rule, reason);
    }

    private void complete(ToolCall call, boolean ok, String output, Map<String, Object> sets) {
        policy.toolCompleted(call, policy.writtenPath(call).orElse(null), ok, output, sets);
        run.emit(new RunEvent.ToolCompleted(run.next(), run.now(), policy.steps(), node, agent, call.tool(), ok,
                output, 0));
    }

    /**
     * Every guard that triggered between steps (before a model call, after a step) as one decision, as the engine's
     * {@code Run.applyAll} does: each is recorded in document order, then acted on in that order, and the first that
     * ends the run (or asks) decides; otherwise the first nudge (after a step) or warning is the answer.
     */
    private Decision between(List<Verdict.Triggered> verdicts, Point point) {
        verdicts.forEach(this::record);
        return act(verdicts, point, new Decision.Allow(Decision.DEFAULT));
    }

    private Decision act(List<Verdict.Triggered> verdicts, Point point, Decision otherwise) {
        Decision going = null;
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict.Triggered t = verdicts.get(i);
            switch (t.action()) {
                case STOP, COMPLETE -> {
                    return terminal(t);
                }
                case ASK, ESCALATE -> {
                    List<Verdict.Triggered> rest = List.copyOf(verdicts.subList(i + 1, verdicts.size()));
                    return ask(new Pending.GoOn(t, point, null, rest), t.guard(), Reasons.mayGoOn(t));
                }
                case NUDGE -> {
                    // A nudge carries a message for the agent: it wins over a warning, which carries none.
                    if (point == Point.AFTER_STEP && !(going instanceof Decision.Nudge)) {
                        going = new Decision.Nudge(t.guard(), t.message());
                    } else if (going == null) {
                        going = new Decision.Warn(t.guard(), t.detail());
                    }
                }
                case WARN, DENY -> {
                    if (going == null) {
                        going = new Decision.Warn(t.guard(), t.detail());
                    }
                }
            }
        }
        return going == null ? otherwise : going;
    }

    private void record(Verdict.Triggered t) {
        run.emit(new RunEvent.GuardTriggered(run.next(), run.now(), policy.steps(), node, agent, t.guard(),
                t.action().word(), t.detail()));
    }

    private Decision terminal(Verdict.Triggered t) {
        return t.action() == Verdict.Action.COMPLETE
                ? run.endWith(new Decision.Complete(t.guard()), Outcome.COMPLETED, Reasons.completed(t), t.guard())
                : run.endWith(new Decision.Stop(t.guard(), Reasons.stopped(t)), Outcome.STOPPED, Reasons.stopped(t),
                        t.guard());
    }
}
