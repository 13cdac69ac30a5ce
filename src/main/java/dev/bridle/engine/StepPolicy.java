package dev.bridle.engine;

import dev.bridle.access.PathCheck;
import dev.bridle.access.WorkspacePath;
import dev.bridle.context.Compaction;
import dev.bridle.context.ContextWindow;
import dev.bridle.context.Summarizer;
import dev.bridle.expr.ExprFailure;
import dev.bridle.guard.ActionKey;
import dev.bridle.guard.Guards;
import dev.bridle.guard.Verdict;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Coordination;
import dev.bridle.policy.Harness;
import dev.bridle.policy.ToolDeclaration;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decisions of one run's agent steps: compaction, the guards before a model call, the permission gate and custom
 * rules before a tool call, per-path locks, and the guards after a step, over the run's counters and variables.
 *
 * <p>This is the one place those decisions are taken. The engine's run loop calls it for every step, and the
 * embeddable runtime ({@code dev.bridle.runtime}) calls it for every step of an agent run by someone else's loop, so
 * that a harness is enforced in production by the same code, with the same decisions, as in the workbench. It
 * returns verdicts; what to do with them (record an event, ask a human, end the run) is the caller's.
 */
public final class StepPolicy {

    private final Harness harness;
    private final Guards guards;
    private final ToolGate gate;
    final RunState state;
    final Locks locks;
    private final Map<String, RunState.Snapshot> saved = new HashMap<>();

    StepPolicy(Harness harness, Guards guards, ToolGate gate, RunState state, Locks locks) {
        this.harness = harness;
        this.guards = guards;
        this.gate = gate;
        this.state = state;
        this.locks = locks;
    }

    /**
     * The decisions of a new run of {@code harness}.
     *
     * @param gate the permission gate, usually {@link PermissionGate#of} with the run's workspace
     * @param clock the run's clock, which deadlines are measured by
     * @throws ExprFailure when a guard's condition does not compile
     */
    public static StepPolicy of(Harness harness, ToolGate gate, Clock clock) throws ExprFailure {
        return new StepPolicy(harness, Guards.of(harness.guards(), harness.agents().values()), gate,
                new RunState(clock), new Locks());
    }

    public Harness harness() {
        return harness;
    }

    /** Completed steps of the run so far: the step number events carry. */
    public int steps() {
        return state.steps;
    }

    /** An agent starts a turn (its node is entered). */
    public void startTurn(String agent) {
        state.countTurn(agent);
    }

    /** Compacts {@code ctx} when it is over its window; returns what was done. */
    public Optional<Compaction> compact(ContextWindow ctx, Summarizer summarizer) {
        if (!ctx.overWindow()) {
            return Optional.empty();
        }
        Optional<Compaction> done = ctx.compact(summarizer);
        done.ifPresent(c -> state.compactions++);
        return done;
    }

    /** The guards before a model call with the agent's (compacted) context. */
    public Verdict beforeModelCall(String node, String agent, ContextWindow ctx) {
        state.contexts.put(agent, ctx);
        return beforeModelCall(node, agent, ctx.tokens());
    }

    /** Every guard that triggers before a model call with the agent's (compacted) context, in document order. */
    public List<Verdict.Triggered> beforeModelCallAll(String node, String agent, ContextWindow ctx) {
        state.contexts.put(agent, ctx);
        return beforeModelCallAll(node, agent, ctx.tokens());
    }

    /** The guards before a model call, when only the context's size is known. */
    public Verdict beforeModelCall(String node, String agent, int contextTokens) {
        List<Verdict.Triggered> all = beforeModelCallAll(node, agent, contextTokens);
        return all.isEmpty() ? Verdict.CONTINUE : all.getFirst();
    }

    /** Every guard that triggers before a model call, in document order (each one is to be recorded). */
    public List<Verdict.Triggered> beforeModelCallAll(String node, String agent, int contextTokens) {
        state.agent = agent;
        state.node = node;
        state.contextTokens = contextTokens;
        state.maxContextTokens = Math.max(state.maxContextTokens, contextTokens);
        return guards.beforeModelCallAll(state);
    }

    /** The permission decision on a tool call (the rules, and the path scope when the run has a workspace). */
    public ToolGate.Decision permission(String agent, ToolCall call) {
        return gate.check(agent, call);
    }

    /** Whether any custom rule reads a tool call's arguments; when none does, they need not be parsed. */
    public boolean readsToolArguments() {
        return guards.hasToolRules();
    }

    /** The custom rules (guards checked before tool calls) on a call whose permission allowed it. */
    public Verdict toolRules(String node, String agent, ToolCall call, Map<String, Object> args) {
        state.agent = agent;
        state.node = node;
        Map<String, Object> tool = Map.of("name", call.tool(), "args", args);
        return guards.beforeToolCall(state, state.activation(tool));
    }

    /** {@link #toolRules(String, String, ToolCall, Map)}, parsing the arguments when a rule reads them. */
    public Verdict toolRules(String node, String agent, ToolCall call) {
        Map<String, Object> args = guards.hasToolRules() ? CelValues.fromJsonObject(call.args()) : Map.of();
        return toolRules(node, agent, call, args);
    }

    /** Whether the harness gives each written path to one agent at a time. */
    public boolean locksPaths() {
        return harness.coordination().locks() == Coordination.Locks.PER_PATH;
    }

    /** The agent holding {@code path}, when it is another than {@code agent}. */
    public Optional<String> lockHolder(String agent, String path) {
        return locks.heldByOther(path, agent);
    }

    /** Takes the lock on {@code path} for {@code agent}; returns true when it is newly taken. */
    public boolean takeLock(String agent, String path) {
        return locks.take(path, agent);
    }

    /** Releases every lock {@code agent} holds: its node has ended. */
    public void releaseLocks(String agent) {
        locks.releaseAll(agent);
    }

    /**
     * Whether {@code tool} writes a file: a built-in or declared tool that {@code writes} (the declaration, never the
     * tool's name, says so), whose calls take the written path's lock.
     */
    public boolean isWrite(String tool) {
        return harness.tools().find(tool).map(d -> d.touch() == ToolDeclaration.Touch.WRITES).orElse(false);
    }

    /** The path a writing call writes (its declared argument, normalised), or empty when it is no write or has none. */
    public Optional<String> writtenPath(ToolCall call) {
        if (!isWrite(call.tool())) {
            return Optional.empty();
        }
        String argument = harness.tools().find(call.tool()).orElseThrow().argument();
        // The lock is on the path, not on its spelling: ./a and b/../a are a.
        return CelValues.fromJsonObject(call.args()).get(argument) instanceof String p
                ? Optional.of(WorkspacePath.normalise(p) instanceof PathCheck.Inside inside ? inside.relative() : p)
                : Optional.empty();
    }

    /**
     * The action a tool call is, as loop detection compares actions: {@code tool{args}}, with the argument the tool
     * is declared to read or write through normalised as a workspace path, so that {@code ./a}, {@code b/../a} and
     * {@code a} are the same action. Only the declared argument is touched, and a path the workspace refuses is left
     * as written (the call is denied anyway).
     */
    public String action(ToolCall call) {
        // Numbers by value and keys in any order too (ActionKey): 7 and 7.0 are one action.
        String path = harness.tools().find(call.tool()).filter(ToolDeclaration::namesPath)
                .map(ToolDeclaration::argument).orElse(null);
        return ActionKey.of(call.tool(), call.args(), path,
                p -> WorkspacePath.normalise(p) instanceof PathCheck.Inside inside ? inside.relative() : p);
    }

    /**
     * A tool call has run (or was refused): the variables it sets, the file it wrote and {@code last} change.
     *
     * @param writtenPath the path the call writes (see {@link #writtenPath}), or null
     */
    public void toolCompleted(ToolCall call, String writtenPath, boolean ok, String output, Map<String, Object> sets) {
        if (ok) {
            state.set(sets);
            if (writtenPath != null) {
                state.written.put(writtenPath, call.args());
            }
        }
        state.last = Map.of("tool", call.tool(), "ok", ok, "result", output);
    }

    /**
     * A step has ended: the counters go up, a final answer is kept as {@code state.NODE.answer}, and the guards
     * decide.
     *
     * @param reply the model's text
     * @param toolCalls how many tool calls the model asked for
     * @param actions every tool call of the step, as {@code tool{args}}, in order
     */
    public Verdict afterStep(String node, String agent, int tokensIn, int tokensOut, String reply, int toolCalls,
            List<String> actions) {
        List<Verdict.Triggered> all = afterStepAll(node, agent, tokensIn, tokensOut, reply, toolCalls, actions);
        return all.isEmpty() ? Verdict.CONTINUE : all.getFirst();
    }

    /** {@link #afterStep}, with every guard that triggers, in document order (each one is to be recorded). */
    public List<Verdict.Triggered> afterStepAll(String node, String agent, int tokensIn, int tokensOut, String reply,
            int toolCalls, List<String> actions) {
        state.agent = agent;
        state.node = node;
        state.countStep(agent, tokensIn, tokensOut);
        state.lastActions = List.copyOf(actions);
        state.lastReplyEmpty = reply.isBlank() && toolCalls == 0;
        if (toolCalls == 0 && !reply.isBlank()) {
            Map<String, Object> out = new HashMap<>();
            out.put("answer", reply);
            state.vars.put(node, out);
        }
        return guards.afterStepAll(state);
    }

    /** Whether the step that just ended was the agent's final answer: text and no tool call. */
    public static boolean isFinalAnswer(String reply, int toolCalls) {
        return toolCalls == 0 && !reply.isBlank();
    }

    /** Saves the run's variables, files written and contexts under {@code name}. */
    public void saveCheckpoint(String name) {
        saved.put(name, state.snapshot(name, null));
    }

    /** Restores the checkpoint saved under {@code name}; returns false when there is none. */
    public boolean restoreCheckpoint(String name) {
        RunState.Snapshot s = saved.get(name);
        if (s == null) {
            return false;
        }
        state.restore(s);
        return true;
    }

    /** The run's variables, as the tools set them (for reports). */
    public Map<String, Object> variables() {
        return Map.copyOf(state.vars);
    }
}
