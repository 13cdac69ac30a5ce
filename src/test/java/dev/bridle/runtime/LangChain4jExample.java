package dev.bridle.runtime;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.function.Function;
import java.util.function.Predicate;

/** The example of docs/runtime.md, compiled so that it cannot rot: a LangChain4j agent's tool execution, guarded. */
final class LangChain4jExample {

    private LangChain4jExample() {}

    // example:begin
    /** Thrown when the harness ends the run: stop calling the model. */
    static final class RunEnded extends RuntimeException {
        RunEnded(Decision decision) {
            super(decision.toString());
        }
    }

    /**
     * Executes one tool call the model asked for, if the harness allows it, and returns the text that goes back to
     * the model: the tool's output, or the reason it was refused.
     */
    static String execute(Session session, ToolExecutionRequest request,
            Function<ToolExecutionRequest, String> tools, Predicate<String> human) {
        Decision decision = session.beforeToolCall(request.name(), request.arguments());
        while (decision instanceof Decision.Ask ask) {
            decision = session.answer(ask, human.test(ask.question()), "user");
        }
        return switch (decision) {
            case Decision.Deny deny -> deny.reason();
            case Decision.Stop stop -> throw new RunEnded(stop);
            case Decision.Complete complete -> throw new RunEnded(complete);
            case Decision.Allow allow -> run(session, request, tools);
            case Decision.Warn warn -> run(session, request, tools);
            case Decision.Nudge nudge -> run(session, request, tools);
            case Decision.Ask ask -> throw new IllegalStateException("answered above");
        };
    }

    private static String run(Session session, ToolExecutionRequest request,
            Function<ToolExecutionRequest, String> tools) {
        String output = tools.apply(request);
        session.toolCompleted(ToolOutcome.ok(request.name(), request.arguments(), output));
        return output;
    }
    // example:end
}
