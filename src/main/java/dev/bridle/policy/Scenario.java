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
 * @param expect what the run must end with
 */
public record Scenario(
        String name,
        String description,
        String task,
        String harness,
        Script script,
        Map<String, ToolStub> tools,
        Expectation expect) {

    public Scenario {
        tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools));
    }

    /** The model's turns, in order. */
    public record Script(List<Turn> turns, Repeat repeat) {
        public Script {
            turns = List.copyOf(turns);
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

    /** One model reply: optional text and the tool calls it makes. */
    public record Turn(String say, List<ScriptedCall> calls) {
        public Turn {
            calls = List.copyOf(calls);
        }
    }

    /** A tool call in a scripted turn; the arguments are canonical JSON (keys sorted). */
    public record ScriptedCall(String tool, String argsJson) {}

    /** A tool's scripted result. */
    public record ToolStub(String result, boolean error) {}

    /** What a run must end with; an absent part is not checked. */
    public record Expectation(Optional<Outcome> outcome, Optional<String> rule, Optional<Integer> step) {}
}
