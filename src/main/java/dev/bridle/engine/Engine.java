package dev.bridle.engine;

import dev.bridle.event.EventSink;
import dev.bridle.event.RunEvent;
import dev.bridle.guard.Guards;
import dev.bridle.guard.RunProgress;
import dev.bridle.guard.Verdict;
import dev.bridle.model.Message;
import dev.bridle.model.ModelException;
import dev.bridle.model.ModelPort;
import dev.bridle.model.ModelRequest;
import dev.bridle.model.ModelResponse;
import dev.bridle.model.TokenCounter;
import dev.bridle.model.ToolCall;
import dev.bridle.model.ToolSpec;
import dev.bridle.policy.Agent;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Outcome;
import dev.bridle.tool.ToolPort;
import dev.bridle.tool.ToolResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The run loop: it walks the workflow, calls the model and tools, asks the guards after every step, and reports every
 * decision as an event. One engine runs one run.
 */
public final class Engine implements RunProgress {

    private final Harness harness;
    private final ModelPort model;
    private final ToolPort tools;
    private final EventSink sink;
    private final Clock clock;
    private final TokenCounter tokens;
    private final Guards guards;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private long seq;
    private int steps;

    public Engine(Harness harness, ModelPort model, ToolPort tools, EventSink sink, Clock clock, TokenCounter tokens) {
        this.harness = harness;
        this.model = model;
        this.tools = tools;
        this.sink = sink;
        this.clock = clock;
        this.tokens = tokens;
        this.guards = Guards.of(harness.guards());
    }

    /** Asks the run to stop at the next event boundary; it then ends as {@code interrupted}. Never interrupts. */
    public void cancel() {
        cancelled.set(true);
    }

    @Override
    public int steps() {
        return steps;
    }

    /** Runs the harness to one outcome, with {@code task} as the user's request. */
    public RunResult run(String task) {
        emit(new RunEvent.RunStarted(++seq, clock.instant(), steps, harness.name(), model.binding()));
        String current = harness.workflow().start();
        while (true) {
            if (cancelled.get()) {
                return end(Outcome.INTERRUPTED, "cancelled by the user", null);
            }
            Node node = harness.workflow().nodes().get(current);
            switch (node) {
                case Node.EndNode end -> {
                    emit(new RunEvent.NodeEntered(++seq, clock.instant(), steps, end.id(), null));
                    String reason = end.outcome() == Outcome.COMPLETED
                            ? "reached end node '" + end.id() + "'"
                            : "end node '" + end.id() + "' ends the run as " + end.outcome().word();
                    return end(end.outcome(), reason, end.id());
                }
                case Node.AgentNode a -> {
                    emit(new RunEvent.NodeEntered(++seq, clock.instant(), steps, a.id(), a.agent()));
                    RunResult stop = runAgent(a, task);
                    if (stop != null) {
                        return stop;
                    }
                    emit(new RunEvent.NodeExited(++seq, clock.instant(), steps, a.id(), a.agent(), a.next()));
                    current = a.next();
                }
            }
        }
    }

    /** Turns of one agent until it answers without a tool call; returns a result only when the run must end. */
    private RunResult runAgent(Node.AgentNode node, String task) {
        Agent agent = harness.agents().get(node.agent());
        List<Message> context = new ArrayList<>();
        if (!agent.system().isEmpty()) {
            context.add(Message.system(agent.system()));
        }
        if (!task.isEmpty()) {
            context.add(Message.user(task));
        }
        while (true) {
            if (cancelled.get()) {
                return end(Outcome.INTERRUPTED, "cancelled by the user", null);
            }
            emit(new RunEvent.ModelRequested(
                    ++seq, clock.instant(), steps, node.id(), agent.id(), context.size(), tokens.count(context)));
            List<ToolSpec> specs = agent.tools().stream().map(ToolSpec::anyArguments).toList();
            ModelResponse response;
            try {
                response = model.respond(new ModelRequest(agent.id(), context, specs));
            } catch (ModelException e) {
                return end(Outcome.FAILED, "model " + model.binding() + ": " + e.getMessage(), null);
            }
            List<String> calls = response.toolCalls().stream().map(ToolCall::toString).toList();
            emit(new RunEvent.ModelResponded(++seq, clock.instant(), steps, node.id(), agent.id(), response.text(),
                    calls, response.tokensIn(), response.tokensOut(), response.latencyMillis()));
            // the calls travel with the message so that real models see their own calls; tokens count as before
            context.add(Message.assistant(response.text(), response.toolCalls()));
            for (ToolCall call : response.toolCalls()) {
                emit(new RunEvent.ToolRequested(
                        ++seq, clock.instant(), steps, node.id(), agent.id(), call.tool(), call.args()));
                ToolResult result = tools.call(agent.id(), call);
                emit(new RunEvent.ToolCompleted(++seq, clock.instant(), steps, node.id(), agent.id(), call.tool(),
                        result.ok(), result.output(), result.durationMillis()));
                context.add(Message.toolResult(call, result.output()));
            }
            steps++;
            Verdict verdict = guards.afterStep(this);
            if (verdict instanceof Verdict.Stop stop) {
                emit(new RunEvent.GuardTriggered(
                        ++seq, clock.instant(), steps, node.id(), agent.id(), stop.guard(), "stop", stop.detail()));
                return end(Outcome.STOPPED, "guard '" + stop.guard() + "' (" + stop.detail() + ")", stop.guard());
            }
            if (response.toolCalls().isEmpty()) {
                return null;
            }
        }
    }

    private RunResult end(Outcome outcome, String reason, String rule) {
        emit(new RunEvent.RunEnded(++seq, clock.instant(), steps, outcome, reason, rule));
        return new RunResult(outcome, reason, rule, steps);
    }

    private void emit(RunEvent event) {
        sink.accept(event);
    }
}
