package dev.bridle.event;

import dev.bridle.policy.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * Something that happened in a run. Every decision the harness takes is one of these and names the rule behind it.
 * The set is closed so that a {@code switch} over it is exhaustive.
 */
public sealed interface RunEvent
        permits RunEvent.RunStarted,
                RunEvent.NodeEntered,
                RunEvent.ModelRequested,
                RunEvent.ModelResponded,
                RunEvent.ToolRequested,
                RunEvent.ToolCompleted,
                RunEvent.GuardTriggered,
                RunEvent.PermissionChecked,
                RunEvent.LockAcquired,
                RunEvent.LockRefused,
                RunEvent.LockWaited,
                RunEvent.ContextCompacted,
                RunEvent.ContextTruncated,
                RunEvent.CheckpointSaved,
                RunEvent.CheckpointRestored,
                RunEvent.WorkspaceChanged,
                RunEvent.ApprovalRequested,
                RunEvent.ApprovalAnswered,
                RunEvent.ErrorHandled,
                RunEvent.NodeExited,
                RunEvent.RunEnded {

    /** Position in the run, from 1, without gaps. */
    long seq();

    /** When it happened, from the run's clock. */
    Instant at();

    /** The step the run was at: the number of completed model turns. */
    int step();

    /** The agent involved, or {@code null}. */
    default String agent() {
        return null;
    }

    /** The workflow node involved, or {@code null}. */
    default String node() {
        return null;
    }

    /** The kind, as stored and shown: {@code run.started}, {@code guard.triggered}, … */
    default String kind() {
        return EventKinds.kindOf(getClass());
    }

    /** The rule (guard id or permission rule) that took the decision this event records, or {@code null}. */
    default String rule() {
        return null;
    }

    /** A one-line human summary for timelines and tables. */
    String summary();

    record RunStarted(long seq, Instant at, int step, String harness, String model) implements RunEvent {
        @Override
        public String summary() {
            return "harness '" + harness + "' with model " + model;
        }
    }

    record NodeEntered(long seq, Instant at, int step, String node, String agent) implements RunEvent {
        @Override
        public String summary() {
            return agent == null ? node : node + " (" + agent + ")";
        }
    }

    record ModelRequested(long seq, Instant at, int step, String node, String agent, int messages, int contextTokens)
            implements RunEvent {
        @Override
        public String summary() {
            return messages + " messages, " + contextTokens + " context tokens";
        }
    }

    record ModelResponded(
            long seq,
            Instant at,
            int step,
            String node,
            String agent,
            String text,
            List<String> toolCalls,
            int tokensIn,
            int tokensOut,
            long latencyMillis)
            implements RunEvent {
        public ModelResponded {
            toolCalls = List.copyOf(toolCalls);
        }

        @Override
        public String summary() {
            String calls = toolCalls.isEmpty() ? "no tool call" : String.join(", ", toolCalls);
            return tokensIn + " in / " + tokensOut + " out tokens; " + calls
                    + (text.isEmpty() ? "" : "; \"" + abbreviate(text, 60) + "\"");
        }
    }

    record ToolRequested(long seq, Instant at, int step, String node, String agent, String tool, String args)
            implements RunEvent {
        @Override
        public String summary() {
            return tool + " " + args;
        }
    }

    record ToolCompleted(
            long seq, Instant at, int step, String node, String agent, String tool, boolean ok, String result,
            long durationMillis)
            implements RunEvent {
        @Override
        public String summary() {
            return tool + (ok ? " ok: " : " error: ") + abbreviate(result, 60);
        }
    }

    /**
     * A guard reached a verdict other than "carry on".
     *
     * @param guard the guard's id
     * @param verdict what it decided: {@code stop}, {@code warn}, …
     * @param detail the limit, as {@code steps.max=12}
     */
    record GuardTriggered(long seq, Instant at, int step, String node, String agent, String guard, String verdict,
            String detail) implements RunEvent {
        @Override
        public String rule() {
            return guard;
        }

        @Override
        public String summary() {
            return "guard '" + guard + "' " + verdict + " (" + detail + ")";
        }
    }

    /**
     * A permission decision on a tool call.
     *
     * @param effect allow, ask or deny
     * @param rule the deciding rule, or {@code default}
     * @param resource what was asked for: the tool and its path or host
     */
    record PermissionChecked(long seq, Instant at, int step, String node, String agent, String tool, String effect,
            String rule, String resource) implements RunEvent {
        @Override
        public String summary() {
            return effect + " " + resource + " by rule '" + rule + "'";
        }
    }

    /** An agent took ownership of a resource (a path) for writing. */
    record LockAcquired(long seq, Instant at, int step, String node, String agent, String resource)
            implements RunEvent {
        @Override
        public String summary() {
            return agent + " holds " + resource;
        }
    }

    /**
     * A write waits in the queue because another agent holds the resource ({@code coordination.onBusy: queue}); it
     * runs once the lock is released, unless the wait closes a deadlock.
     */
    record LockWaited(long seq, Instant at, int step, String node, String agent, String resource, String holder)
            implements RunEvent {
        @Override
        public String rule() {
            return "coordination.locks";
        }

        @Override
        public String summary() {
            return agent + " waits for " + resource + ", held by " + holder;
        }
    }

    /** A write was refused because another agent holds the resource. */
    record LockRefused(long seq, Instant at, int step, String node, String agent, String resource, String holder,
            String action) implements RunEvent {
        @Override
        public String rule() {
            return "coordination.locks";
        }

        @Override
        public String summary() {
            return resource + " is held by " + holder + "; " + action;
        }
    }

    /**
     * The context was compacted to fit its window.
     *
     * @param strategy drop-oldest or summarize
     * @param removed how many messages were dropped or folded into the summary
     * @param pinned how many pinned messages were kept
     */
    record ContextCompacted(long seq, Instant at, int step, String node, String agent, String strategy, int before,
            int after, int window, int removed, int pinned) implements RunEvent {
        @Override
        public String rule() {
            return "context.compaction";
        }

        @Override
        public String summary() {
            return strategy + ": " + before + " -> " + after + " tokens (window " + window + "), " + removed
                    + " messages " + (strategy.equals("summarize") ? "summarized" : "dropped") + ", " + pinned
                    + " pinned kept";
        }
    }

    /**
     * A tool result or a reply could not fit the context window, and was cut to fit with a note to the model.
     *
     * @param what what was cut ({@code the tool result of fs.read}, {@code the reply})
     * @param before its tokens before the cut
     * @param after its tokens after, the note included
     */
    record ContextTruncated(long seq, Instant at, int step, String node, String agent, String what, int before,
            int after, int window) implements RunEvent {
        @Override
        public String rule() {
            return "context.window";
        }

        @Override
        public String summary() {
            return what + " cut from " + before + " to " + after + " tokens to fit the window of " + window;
        }
    }

    record CheckpointSaved(long seq, Instant at, int step, String node, String checkpoint) implements RunEvent {
        @Override
        public String summary() {
            return "saved checkpoint '" + checkpoint + "'";
        }
    }

    record CheckpointRestored(long seq, Instant at, int step, String node, String checkpoint, String rule)
            implements RunEvent {
        @Override
        public String summary() {
            return "rolled back to checkpoint '" + checkpoint + "' (" + rule + ")";
        }
    }

    /**
     * What one tool call (or a rollback) changed in the workspace: the files and folders created, changed or
     * deleted, with a unified diff for small text files. Emitted only when something changed.
     *
     * @param cause the tool that ran, or {@code checkpoint 'NAME' restored}
     */
    record WorkspaceChanged(long seq, Instant at, int step, String node, String agent, String cause,
            List<FileChange> files) implements RunEvent {
        public WorkspaceChanged {
            files = List.copyOf(files);
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder(cause).append(": ");
            int shown = Math.min(files.size(), 5);
            for (int i = 0; i < shown; i++) {
                sb.append(i == 0 ? "" : ", ").append(files.get(i).path()).append(' ').append(files.get(i).change());
            }
            if (files.size() > shown) {
                sb.append(" and ").append(files.size() - shown).append(" more");
            }
            return sb.toString();
        }
    }

    /**
     * One path a step touched.
     *
     * @param path relative to the workspace, {@code /}-separated
     * @param change {@code created}, {@code changed} (bytes, link target or kind), {@code mode} (permissions only) or
     *     {@code deleted}
     * @param diff a unified diff for a text file of at most 64 KiB on both sides, capped; {@code ""} otherwise
     */
    public record FileChange(String path, String change, String diff) {}

    /** The run paused for a human decision. */
    record ApprovalRequested(long seq, Instant at, int step, String node, String agent, String rule, String question)
            implements RunEvent {
        @Override
        public String summary() {
            return "asks: " + question;
        }
    }

    record ApprovalAnswered(long seq, Instant at, int step, String node, String agent, String rule, boolean approved,
            String by) implements RunEvent {
        @Override
        public String summary() {
            return (approved ? "approved" : "rejected") + " by " + by;
        }
    }

    /**
     * A failure and what the error policy did about it.
     *
     * @param action retry, rollback, escalate or stop
     * @param attempt the attempt that failed, from 1
     */
    record ErrorHandled(long seq, Instant at, int step, String node, String agent, String error, String action,
            int attempt, String rule) implements RunEvent {
        @Override
        public String summary() {
            return error + "; " + action + " (attempt " + attempt + ")";
        }
    }

    record NodeExited(long seq, Instant at, int step, String node, String agent, String next) implements RunEvent {
        @Override
        public String summary() {
            return next == null ? node : node + " -> " + next;
        }
    }

    /**
     * The run ended, in exactly one outcome.
     *
     * @param rule the rule that ended it (a guard id, an end node), or {@code null}
     */
    record RunEnded(long seq, Instant at, int step, Outcome outcome, String reason, String rule)
            implements RunEvent {
        @Override
        public String summary() {
            return outcome.word() + ": " + reason;
        }
    }

    private static String abbreviate(String s, int max) {
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
