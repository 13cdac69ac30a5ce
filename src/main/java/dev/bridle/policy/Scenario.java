package dev.bridle.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test of a harness: a scripted model, tool stubs, and what the run must end with.
 *
 * @param name the scenario's name (its file name without {@code .scenario.yaml} unless given)
 * @param description what the scenario shows
 * @param task the user's request, the first message the agent sees
 * @param harness the harness file, relative to the scenario's folder
 * @param script the model's turns
 * @param tools the result each tool returns
 * @param approvals the scripted answers to the questions the run asks, in order; no answer left means reject
 * @param expect what the run must end with
 * @param pending why the scenario cannot pass yet, when it waits for a feature; it is reported, not run
 * @param workspace a folder the run's built-in tools work in, made fresh for each run; tools without a stub then
 *     run for real, sandboxed in it
 */
public record Scenario(
        String name,
        String description,
        String task,
        String harness,
        Script script,
        Map<String, ToolStub> tools,
        List<Boolean> approvals,
        Expectation expect,
        Optional<String> pending,
        Optional<Workspace> workspace) {

    public Scenario {
        tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools));
        approvals = List.copyOf(approvals);
    }

    /** The model's turns, in order; {@code summaries} are the texts it writes when the context is summarized. */
    public record Script(List<Turn> turns, Repeat repeat, List<String> summaries) {
        public Script {
            turns = List.copyOf(turns);
            summaries = List.copyOf(summaries);
        }

        public Script(List<Turn> turns, Repeat repeat) {
            this(turns, repeat, List.of());
        }
    }

    /** What the scripted model does when its turns run out. */
    public enum Repeat {
        /** Nothing more: a further model call fails the run with "the script has no more turns". */
        NONE,
        /** The last turn again, forever: the runaway agent. */
        LAST,
        /** All turns again from the first. */
        ALL
    }

    /**
     * One model reply: optional text and the tool calls it makes, or an injected fault.
     *
     * @param fault an injected failure or misbehaviour, or {@code null}
     * @param latencyMillis the latency the reply reports
     * @param when a matcher on the last tool result; a turn whose matcher fails is skipped
     */
    public record Turn(String say, List<ScriptedCall> calls, Fault fault, long latencyMillis, Match when) {
        public Turn {
            calls = List.copyOf(calls);
        }

        public Turn(String say, List<ScriptedCall> calls) {
            this(say, calls, null, 0, null);
        }
    }

    /**
     * The files of a scenario's workspace.
     *
     * @param files workspace-relative path to content
     * @param links workspace-relative path of a symbolic link to its target (as written into the link)
     * @param outside files beside the workspace, in its parent folder, for links and traversals to reach
     */
    public record Workspace(Map<String, String> files, Map<String, String> links, Map<String, String> outside) {
        public Workspace {
            files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
            links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
            outside = Collections.unmodifiableMap(new LinkedHashMap<>(outside));
        }
    }

    /** Faults a scripted model can inject. */
    public enum Fault {
        /** The call fails with an error, as a 500 would. */
        ERROR("error"),
        /** The call times out. */
        TIMEOUT("timeout"),
        /** The reply is not the JSON the API documents. */
        MALFORMED("malformed"),
        /** The reply calls a tool that was not offered. */
        UNKNOWN_TOOL("unknown-tool"),
        /** The reply calls a tool with arguments that do not fit it. */
        BAD_ARGUMENTS("bad-arguments"),
        /** No text and no tool call. */
        EMPTY("empty"),
        /** A reply far longer than any context window. */
        TOO_LONG("too-long");

        private final String word;

        Fault(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static Optional<Fault> ofWord(String w) {
            for (Fault f : values()) {
                if (f.word.equals(w)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** A matcher on the last tool result; absent parts match anything. */
    public record Match(String tool, String contains, Boolean ok) {}

    /** A tool call in a scripted turn; the arguments are canonical JSON (keys sorted). */
    public record ScriptedCall(String tool, String argsJson) {}

    /** A tool's scripted replies, given in order; the last one repeats. */
    public record ToolStub(List<Reply> replies) {
        public ToolStub {
            replies = List.copyOf(replies);
        }

        public ToolStub(String result, boolean error) {
            this(List.of(new Reply(result, error, Map.of())));
        }
    }

    /** One scripted tool reply: its output (or error) and the run variables it sets. */
    public record Reply(String result, boolean error, Map<String, Object> sets) {
        public Reply {
            sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
        }
    }

    /**
     * What a run must end with; an absent part is not checked.
     *
     * @param denied resources (or tools) that must have been denied, as {@code permission.checked} shows them
     * @param allowed resources (or tools) that must have been allowed
     * @param maxContextTokens the context must never have exceeded this
     * @param events event kinds that must appear; {@code kind:rule} also names the rule
     * @param noEvents event kinds that must not appear
     * @param files workspace files that must (true) or must not (false) exist after the run
     */
    public record Expectation(
            Optional<Outcome> outcome,
            Optional<String> rule,
            Optional<Integer> step,
            List<String> denied,
            List<String> allowed,
            Optional<Integer> maxContextTokens,
            List<String> events,
            List<String> noEvents,
            Map<String, Boolean> files) {

        public Expectation {
            files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
            denied = List.copyOf(denied);
            allowed = List.copyOf(allowed);
            events = List.copyOf(events);
            noEvents = List.copyOf(noEvents);
        }

        public Expectation(Optional<Outcome> outcome, Optional<String> rule, Optional<Integer> step) {
            this(outcome, rule, step, List.of(), List.of(), Optional.empty(), List.of(), List.of(), Map.of());
        }
    }
}
