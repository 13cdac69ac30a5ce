package dev.bridle.engine;

import dev.bridle.event.RunEvent;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import java.util.List;
import java.util.Optional;

/**
 * "Why?" for any event of a recorded run: the rule that decided it and how. A permission decision is explained by
 * re-running {@code explain} on the recorded call (every rule considered); a guard by its declaration and the limit it
 * reached; the end of a run by its outcome, reason and rule.
 */
public final class Why {

    private Why() {}

    public static String explain(Harness harness, List<RunEvent> events, RunEvent event) {
        return switch (event) {
            case RunEvent.PermissionChecked p -> permission(harness, events, p);
            case RunEvent.GuardTriggered g -> guard(harness, g);
            case RunEvent.RunEnded r -> "The run ended " + r.outcome().word() + " at step " + r.step() + ".\nreason: "
                    + r.reason() + "\nrule: " + (r.rule() == null ? "none" : r.rule());
            case RunEvent.LockRefused l -> "coordination.locks: " + l.resource() + " is held by agent '" + l.holder()
                    + "', so the write by '" + l.agent() + "' was " + l.action() + ".\nLocks: "
                    + harness.coordination().locks().word() + ", on busy: " + harness.coordination().onBusy().word();
            case RunEvent.LockWaited l -> "coordination.locks: " + l.resource() + " is held by agent '" + l.holder()
                    + "', so the write by '" + l.agent() + "' waits in the queue until the lock is released (a wait"
                    + " that closes a cycle is a deadlock).\nLocks: " + harness.coordination().locks().word()
                    + ", on busy: " + harness.coordination().onBusy().word();
            case RunEvent.ContextCompacted c -> "context.compaction: the context (" + c.before() + " tokens) was over"
                    + " its window of " + c.window() + " tokens, so " + c.removed() + " messages were "
                    + (c.strategy().equals("summarize") ? "summarized" : "dropped") + "; " + c.pinned()
                    + " pinned messages (" + harness.context().pin() + ") were kept. It now holds " + c.after()
                    + " tokens.";
            case RunEvent.ContextTruncated c -> "context.window: " + c.what() + " (" + c.before() + " tokens) could not"
                    + " fit the window of " + c.window() + " tokens, so it was cut to " + c.after() + " tokens, with a"
                    + " note to the model saying so (context: { overflow: stop } stops the run instead).";
            case RunEvent.ErrorHandled e -> e.rule() + ": " + e.error() + "\nThe error policy "
                    + (e.action().equals("retry") ? "retried (attempt " + e.attempt() + ")" : "took: " + e.action())
                    + ".";
            case RunEvent.CheckpointRestored c -> c.rule() + " rolled the run back to checkpoint '" + c.checkpoint()
                    + "'.";
            case RunEvent.ApprovalAnswered a -> "rule '" + a.rule() + "' asked; " + (a.approved() ? "approved"
                    : "rejected") + " by " + a.by() + ".";
            default -> event.kind() + ": " + event.summary() + "\n(no rule decided this event)";
        };
    }

    private static String permission(Harness harness, List<RunEvent> events, RunEvent.PermissionChecked p) {
        Optional<RunEvent.ToolRequested> call = events.stream()
                .filter(e -> e.seq() < p.seq() && e instanceof RunEvent.ToolRequested)
                .map(e -> (RunEvent.ToolRequested) e)
                .filter(t -> t.tool().equals(p.tool()) && java.util.Objects.equals(t.agent(), p.agent()))
                .reduce((a, b) -> b);
        StringBuilder out = new StringBuilder(p.effect() + " by rule '" + p.rule() + "': " + p.resource() + "\n");
        if (call.isEmpty()) {
            return out.append("(the tool call is not in the recorded events)").toString();
        }
        if (p.rule().equals("path-scope")) {
            out.append("The real path of the file leaves the workspace, so no rule was considered.\n");
        }
        ToolCall tc = new ToolCall(call.get().tool(), call.get().args());
        return out.append(PermissionGate.of(harness, Optional.empty()).explain(p.agent(), tc).render())
                .toString();
    }

    private static String guard(Harness harness, RunEvent.GuardTriggered g) {
        Optional<GuardSpec> spec = harness.guards().stream().filter(s -> s.id().equals(g.guard())).findFirst();
        String declared = spec.map(s -> s.kind() + " guard: " + s.describe() + "; stages "
                        + s.stages().stream().map(GuardSpec.Stage::word).toList())
                .orElse("a per-agent limit or built-in rule");
        return "guard '" + g.guard() + "' decided " + g.verdict() + " at step " + g.step() + ".\n" + "declared as: "
                + declared + "\nwhat it saw: " + g.detail();
    }
}
