package dev.bridle.runtime;

import dev.bridle.event.RunEvent;
import dev.bridle.model.Message;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Agent;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Scenario;
import dev.bridle.tool.StubTools;
import dev.bridle.tool.ToolResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives a {@link RuntimeRun} with what an engine run recorded: the model's replies and the tools' results, in the
 * engine's order, as a program embedding the runtime would. The workflow is followed from the recorded node events
 * (the runtime enforces steps; it does not walk workflows). Tool variables come from the scenario's stubs, called in
 * the same order the engine called them, because events do not carry them.
 */
final class EngineReplay {

    private final Harness harness;
    private final Scenario scenario;
    private final RuntimeRun run;
    private final StubTools stubs;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, List<ContextMessage>> contexts = new LinkedHashMap<>();
    private final Map<String, Map<String, List<ContextMessage>>> checkpoints = new HashMap<>();
    private final Set<String> due = new LinkedHashSet<>();
    private final Map<String, Deque<ToolCall>> pending = new HashMap<>();
    private final Map<String, RunEvent.ModelResponded> responses = new HashMap<>();
    private final Map<String, Decision> toolDecisions = new HashMap<>();
    private final Map<String, Deque<RunEvent.ApprovalAnswered>> answers = new HashMap<>();
    /** The context size of every model call the runtime let through, as {@code agent:tokens}. */
    final List<String> modelCalls = new ArrayList<>();

    EngineReplay(Harness harness, Scenario scenario, RuntimeRun run) {
        this.harness = harness;
        this.scenario = scenario;
        this.run = run;
        this.stubs = new StubTools(scenario.tools());
    }

    void replay(List<RunEvent> events) {
        for (RunEvent e : events) {
            if (e instanceof RunEvent.ApprovalAnswered a) {
                answers.computeIfAbsent(a.rule(), r -> new ArrayDeque<>()).add(a);
            }
        }
        String lastGuardAgent = null;
        for (RunEvent e : events) {
            switch (e) {
                case RunEvent.NodeEntered n when n.agent() != null -> enter(n.agent(), n.node());
                case RunEvent.NodeExited n when n.agent() != null -> {
                    Session s = sessions.remove(n.agent());
                    if (s != null) {
                        s.close();
                    }
                    due.remove(n.agent());
                }
                case RunEvent.CheckpointSaved c -> {
                    run.saveCheckpoint(c.checkpoint());
                    checkpoints.put(c.checkpoint(), copy(contexts));
                }
                case RunEvent.CheckpointRestored c -> {
                    run.restoreCheckpoint(c.checkpoint(), c.rule());
                    contexts.clear();
                    contexts.putAll(copy(checkpoints.get(c.checkpoint())));
                }
                case RunEvent.ContextCompacted c when due.contains(c.agent()) -> beforeModelCall(c.agent());
                case RunEvent.ModelRequested m when due.contains(m.agent()) -> beforeModelCall(m.agent());
                case RunEvent.ModelResponded m when sessions.containsKey(m.agent()) -> responded(m);
                case RunEvent.ToolRequested t -> toolRequested(t);
                case RunEvent.ToolCompleted t -> toolCompleted(t);
                case RunEvent.GuardTriggered g -> lastGuardAgent = g.agent();
                case RunEvent.RunEnded r -> {
                    if (run.ended().isEmpty() && !due.isEmpty()) {
                        String agent = lastGuardAgent != null && due.contains(lastGuardAgent) ? lastGuardAgent
                                : due.iterator().next();
                        beforeModelCall(agent);
                    }
                }
                default -> {}
            }
        }
    }

    private void enter(String agent, String node) {
        sessions.put(agent, run.session(agent, node));
        contexts.computeIfAbsent(agent, a -> {
            List<ContextMessage> ctx = new ArrayList<>();
            Agent spec = harness.agents().get(a);
            if (!spec.system().isEmpty()) {
                ctx.add(ContextMessage.of(Message.system(spec.system())));
            }
            harness.context().facts().forEach((k, v) -> ctx.add(ContextMessage.tagged(Message.user(k + ": " + v), k)));
            if (!scenario.task().isEmpty()) {
                ctx.add(ContextMessage.tagged(Message.user(scenario.task()), "task"));
            }
            return ctx;
        });
        due.add(agent);
    }

    private void beforeModelCall(String agent) {
        due.remove(agent);
        Session s = sessions.get(agent);
        ModelCallCheck check = s.beforeModelCall(contexts.get(agent));
        contexts.put(agent, new ArrayList<>(check.applyTo(contexts.get(agent),
                text -> ContextMessage.tagged(Message.user(text), "summary"),
                (m, text) -> new ContextMessage(new Message(m.message().role(), text, m.message().toolCalls(),
                        m.message().toolCallId(), m.message().toolName()), m.tag()))));
        Decision d = resolve(s, check.decision());
        if (d.proceeds()) {
            modelCalls.add(agent + ":" + check.contextTokens());
        }
    }

    private void responded(RunEvent.ModelResponded m) {
        List<ToolCall> calls = m.toolCalls().stream().map(EngineReplay::parse).toList();
        contexts.get(m.agent()).add(ContextMessage.of(Message.assistant(m.text(), calls)));
        responses.put(m.agent(), m);
        pending.put(m.agent(), new ArrayDeque<>(calls));
        if (calls.isEmpty()) {
            endStep(m.agent());
        }
    }

    private void toolRequested(RunEvent.ToolRequested t) {
        Session s = sessions.get(t.agent());
        toolDecisions.put(t.agent(), resolve(s, s.beforeToolCall(t.tool(), t.args())));
    }

    private void toolCompleted(RunEvent.ToolCompleted t) {
        ToolCall call = pending.get(t.agent()).removeFirst();
        contexts.get(t.agent()).add(ContextMessage.of(Message.toolResult(call, t.result())));
        Decision d = toolDecisions.remove(t.agent());
        if (d != null && d.proceeds()) {
            Map<String, Object> sets = Map.of();
            if (stubs.has(call.tool())) {
                ToolResult r = stubs.call(t.agent(), call);
                sets = r.ok() ? r.sets() : Map.of();
            }
            sessions.get(t.agent()).toolCompleted(new ToolOutcome(call.tool(), call.args(), t.ok(), t.result(), sets));
        }
        if (pending.get(t.agent()).isEmpty()) {
            endStep(t.agent());
        }
    }

    private void endStep(String agent) {
        RunEvent.ModelResponded m = responses.remove(agent);
        Session s = sessions.get(agent);
        Decision d = resolve(s, s.afterStep(StepReport.of(m.tokensIn(), m.tokensOut(), m.text())));
        if (d instanceof Decision.Nudge n) {
            contexts.get(agent).add(ContextMessage.of(Message.user(n.message())));
        }
        boolean answered = m.toolCalls().isEmpty() && !m.text().isBlank();
        if (!answered && !d.endsRun()) {
            due.add(agent);
        }
    }

    /** Answers the runtime's questions as the recorded run's approver did. */
    private Decision resolve(Session s, Decision d) {
        while (d instanceof Decision.Ask ask) {
            RunEvent.ApprovalAnswered a = answers.getOrDefault(ask.rule(), new ArrayDeque<>()).pollFirst();
            d = a == null ? s.answer(ask, false, "nobody") : s.answer(ask, a.approved(), a.by());
        }
        return d;
    }

    /** {@code fs.read{"path":"a"}}, as events print calls, back into a call. */
    static ToolCall parse(String printed) {
        int brace = printed.indexOf('{');
        return new ToolCall(printed.substring(0, brace), printed.substring(brace));
    }

    private static Map<String, List<ContextMessage>> copy(Map<String, List<ContextMessage>> contexts) {
        Map<String, List<ContextMessage>> out = new LinkedHashMap<>();
        contexts.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }
}
