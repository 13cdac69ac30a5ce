package dev.bridle.model;

import dev.bridle.policy.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The mock model: it answers with the turns of a scenario's script, in order. It is deterministic, so the same harness
 * and scenario always give the same events.
 */
public final class ScriptedModel implements ModelPort {

    private final String name;
    private final Scenario.Script script;
    private final TokenCounter tokens;
    private int next;

    public ScriptedModel(String name, Scenario.Script script, TokenCounter tokens) {
        this.name = name;
        this.script = script;
        this.tokens = tokens;
    }

    @Override
    public String binding() {
        return "mock:" + name;
    }

    @Override
    public ModelResponse respond(ModelRequest request) throws ModelException {
        List<Scenario.Turn> turns = script.turns();
        int index = next;
        if (index >= turns.size()) {
            index = switch (script.repeat()) {
                case NONE -> throw new ModelException(ModelException.Kind.SCRIPT_EXHAUSTED,
                        "the scripted model has no more turns (it had " + turns.size() + ")");
                case LAST -> turns.size() - 1;
                case ALL -> index % turns.size();
            };
        }
        next++;
        Scenario.Turn turn = turns.get(index);
        List<ToolCall> calls = new ArrayList<>(turn.calls().size());
        StringBuilder out = new StringBuilder(turn.say());
        for (Scenario.ScriptedCall c : turn.calls()) {
            calls.add(new ToolCall(c.tool(), c.argsJson()));
            out.append(c.tool()).append(c.argsJson());
        }
        return new ModelResponse(turn.say(), calls, tokens.count(request.messages()), tokens.count(out.toString()), 0);
    }
}
