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
    /** Token counts of the messages already seen: a context is mostly the same message objects step after step. */
    private final java.util.IdentityHashMap<Message, Integer> counted = new java.util.IdentityHashMap<>();

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
        Scenario.Turn turn = nextTurn(request);
        if (turn.fault() != null) {
            switch (turn.fault()) {
                case ERROR -> throw new ModelException(ModelException.Kind.SERVER_ERROR,
                        "model error (injected fault: the server answered 500)");
                case TIMEOUT -> throw new ModelException(ModelException.Kind.TIMEOUT,
                        "model timed out (injected fault)");
                case MALFORMED -> throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE,
                        "malformed model response (injected fault: the reply is not JSON)");
                default -> {}
            }
        }
        List<ToolCall> calls = new ArrayList<>(turn.calls().size());
        StringBuilder out = new StringBuilder(turn.say());
        String text = turn.say();
        if (turn.fault() == Scenario.Fault.UNKNOWN_TOOL) {
            calls.add(new ToolCall("no.such.tool", "{}"));
        } else if (turn.fault() == Scenario.Fault.BAD_ARGUMENTS) {
            String tool = request.tools().isEmpty() ? "no.such.tool" : request.tools().getFirst().name();
            calls.add(new ToolCall(tool, "{\"hallucinated\":true}"));
        } else if (turn.fault() == Scenario.Fault.EMPTY) {
            text = "";
        } else if (turn.fault() == Scenario.Fault.TOO_LONG) {
            text = "word ".repeat(50_000);
        }
        if (turn.fault() != Scenario.Fault.EMPTY) {
            for (Scenario.ScriptedCall c : turn.calls()) {
                calls.add(new ToolCall(c.tool(), c.argsJson()));
                out.append(c.tool()).append(c.argsJson());
            }
        } else {
            out.setLength(0);
        }
        int outTokens = text.length() > out.length() ? tokens.count(text) : tokens.count(out.toString());
        return new ModelResponse(text, calls, tokensIn(request.messages()), outTokens, turn.latencyMillis());
    }

    private int tokensIn(List<Message> messages) {
        if (counted.size() > 4 * messages.size() + 1_000) {
            java.util.IdentityHashMap<Message, Integer> keep = new java.util.IdentityHashMap<>();
            for (Message m : messages) {
                Integer n = counted.get(m);
                if (n != null) {
                    keep.put(m, n);
                }
            }
            counted.clear();
            counted.putAll(keep);
        }
        int total = 0;
        for (Message m : messages) {
            total += counted.computeIfAbsent(m, tokens::count);
        }
        return total;
    }

    /** The next turn whose matcher (if any) fits the last tool result; turns that do not fit are skipped. */
    private Scenario.Turn nextTurn(ModelRequest request) throws ModelException {
        List<Scenario.Turn> turns = script.turns();
        for (int guard = 0; guard <= turns.size(); guard++) {
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
            if (turn.when() == null || matches(turn.when(), request.messages())) {
                return turn;
            }
        }
        throw new ModelException(ModelException.Kind.SCRIPT_EXHAUSTED,
                "no scripted turn matches the last tool result");
    }

    private static boolean matches(Scenario.Match m, List<Message> messages) {
        Message last = null;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("tool")) {
                last = messages.get(i);
                break;
            }
        }
        if (last == null) {
            return m.tool() == null && m.contains() == null && m.ok() == null;
        }
        boolean ok = !last.content().startsWith("denied") && !last.content().startsWith("refused");
        return (m.tool() == null || m.tool().equals(last.toolName()))
                && (m.contains() == null || last.content().contains(m.contains()))
                && (m.ok() == null || m.ok() == ok);
    }
}
