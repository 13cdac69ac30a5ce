package dev.bridle.engine;

import dev.bridle.context.Admission;
import dev.bridle.context.ContextWindow;
import dev.bridle.event.RunEvent;
import dev.bridle.model.Message;
import dev.bridle.policy.Outcome;
import java.util.List;

/**
 * The context window as a limit, where tool results and replies enter the context and before each model call: what
 * cannot fit is cut (a {@code context.truncated} event) or stops the run by {@code context.window}, as the harness
 * says, so that a model is never called over its window silently.
 */
final class WindowLimit {

    static final String RULE = "context.window";

    private WindowLimit() {}

    /** Adds a tool result or a reply to {@code ctx} through the window; returns the message as the context holds it. */
    static Message admit(Run run, ContextWindow ctx, Message message, String what, String node, String agent) {
        Admission done = ctx.admit(message, what);
        record(run, List.of(done), node, agent);
        return done instanceof Admission.Cut ? ctx.messages().getLast() : message;
    }

    /** Brings {@code ctx} within its window before a model call, after compaction. */
    static void beforeCall(Run run, ContextWindow ctx, String node, String agent) {
        record(run, ctx.fitBeforeCall(), node, agent);
    }

    private static void record(Run run, List<Admission> done, String node, String agent) {
        int window = run.harness.context().window();
        for (Admission a : done) {
            switch (a) {
                case Admission.Fits f -> {}
                case Admission.Cut c -> run.emit(new RunEvent.ContextTruncated(run.next(), run.now(),
                        run.state.steps, node, agent, c.what(), c.before(), c.after(), window));
                case Admission.Overflow o -> throw run.end(Outcome.STOPPED, o.what() + " (" + o.tokens()
                        + " tokens) cannot fit the context window of " + window + " tokens (" + o.room()
                        + " left beside the rest of the context)", RULE);
            }
        }
    }
}
