package dev.bridle.app.editor;

import dev.bridle.policy.Durations;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.GuardSpec.Stage;
import dev.bridle.policy.Harness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The inspector's form for one guard: id, the agent it watches, its stages, and the limits of its kind. */
public final class GuardForm implements Form {

    static final String EVERY_AGENT = "every agent";
    private static final List<String> STAGES = Arrays.stream(Stage.values()).map(Stage::word).toList();

    private final Supplier<Harness> harness;
    private final int index;

    /** The position of the guard it edits in the harness's guard list. */
    int index() {
        return index;
    }

    public GuardForm(Supplier<Harness> harness, int index) {
        this.harness = harness;
        this.index = index;
    }

    private Optional<GuardSpec> guard() {
        Harness h = harness.get();
        return h == null || index >= h.guards().size() ? Optional.empty() : Optional.of(h.guards().get(index));
    }

    @Override
    public String title() {
        return guard().map(g -> g.kind() + " guard '" + g.id() + "'").orElse("no guard");
    }

    @Override
    public List<Field> fields() {
        GuardSpec g = guard().orElse(null);
        if (g == null) {
            return List.of();
        }
        List<String> agents = new ArrayList<>(List.of(EVERY_AGENT));
        agents.addAll(harness.get().agents().keySet());
        List<Field> f = new ArrayList<>();
        f.add(Field.text("id", "the name its verdicts carry"));
        f.add(Field.shown("kind", "what the guard watches"));
        f.add(Field.choice("agent", agents, "the agent it watches"));
        switch (g) {
            case GuardSpec.Steps s -> f.add(Field.number("max", "at most this many steps"));
            case GuardSpec.Turns t -> f.add(Field.number("max", "at most this many agent turns"));
            case GuardSpec.Deadline d -> f.add(Field.text("limit", "the run ends within this (30s, 5m, 1h)"));
            case GuardSpec.Tokens t -> {
                f.add(Field.number("context", "the most tokens one request may send; 0 for no limit"));
                f.add(Field.number("total", "the most tokens the run may spend; 0 for no limit"));
            }
            case GuardSpec.Cost c -> {
                f.add(Field.text("max", "the budget in currency units"));
                f.add(Field.text("input per million", "price of a million input tokens"));
                f.add(Field.text("output per million", "price of a million output tokens"));
            }
            case GuardSpec.Loop l -> {
                f.add(Field.number("window", "how many recent actions are compared"));
                f.add(Field.number("repeats", "how often the same action may appear in the window"));
                f.add(Field.number("period", "the longest cycle looked for (1: none)"));
                f.add(Field.number("cycles", "how many repetitions of a cycle trigger"));
            }
            case GuardSpec.NoProgress n -> f.add(Field.number("steps", "steps with an unchanged state that trigger"));
            case GuardSpec.Stall s -> {
                f.add(Field.number("after", "answers in a row without action that trigger"));
                f.add(Field.text("nudge", "what the agent is told"));
            }
            case GuardSpec.Complete c -> f.add(Field.cel("when", "the run completes once this holds"));
            case GuardSpec.Custom c -> {
                f.add(Field.cel("when", "checked before every tool call"));
                f.add(Field.choice("then", List.of("warn", "deny", "ask", "stop"), "what happens when it holds"));
            }
        }
        if (!(g instanceof GuardSpec.Custom)) {
            f.add(Field.list("stages", "the response to the 1st, 2nd, … trigger: " + String.join(", ", STAGES)));
        }
        return f;
    }

    @Override
    public Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        GuardSpec g = guard().orElse(null);
        if (g == null) {
            return v;
        }
        v.put("id", g.id());
        v.put("kind", g.kind());
        v.put("agent", g.agent().orElse(EVERY_AGENT));
        switch (g) {
            case GuardSpec.Steps s -> v.put("max", String.valueOf(s.max()));
            case GuardSpec.Turns t -> v.put("max", String.valueOf(t.max()));
            case GuardSpec.Deadline d -> v.put("limit", Durations.format(d.limit()));
            case GuardSpec.Tokens t -> {
                v.put("context", String.valueOf(t.context()));
                v.put("total", String.valueOf(t.total()));
            }
            case GuardSpec.Cost c -> {
                v.put("max", String.valueOf(c.max()));
                v.put("input per million", String.valueOf(c.inputPerMillion()));
                v.put("output per million", String.valueOf(c.outputPerMillion()));
            }
            case GuardSpec.Loop l -> {
                v.put("window", String.valueOf(l.window()));
                v.put("repeats", String.valueOf(l.repeats()));
                v.put("period", String.valueOf(l.period()));
                v.put("cycles", String.valueOf(l.cycles()));
            }
            case GuardSpec.NoProgress n -> v.put("steps", String.valueOf(n.steps()));
            case GuardSpec.Stall s -> {
                v.put("after", String.valueOf(s.after()));
                v.put("nudge", s.nudge());
            }
            case GuardSpec.Complete c -> v.put("when", c.when());
            case GuardSpec.Custom c -> {
                v.put("when", c.when());
                v.put("then", c.stages().getFirst().word());
            }
        }
        if (!(g instanceof GuardSpec.Custom)) {
            v.put("stages", String.join(", ", g.stages().stream().map(Stage::word).toList()));
        }
        return v;
    }

    @Override
    public Edit edit(String key, String value) {
        GuardSpec g = guard().orElseThrow(() -> new IllegalArgumentException("the guard is gone"));
        Map<String, String> v = values();
        v.put(key, value == null ? "" : value.strip());
        return GuardEdits.replace(index, build(g, v));
    }

    /** A guard of {@code g}'s kind from the form's values. */
    static GuardSpec build(GuardSpec g, Map<String, String> v) {
        String id = v.get("id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a guard needs an id");
        }
        Optional<String> agent = v.get("agent").equals(EVERY_AGENT) ? Optional.empty() : Optional.of(v.get("agent"));
        List<Stage> stages = g instanceof GuardSpec.Custom ? List.of(stage(v.get("then"))) : stages(v.get("stages"));
        return switch (g) {
            case GuardSpec.Steps s -> new GuardSpec.Steps(id, Form.number("max", v.get("max")), agent, stages);
            case GuardSpec.Turns t -> new GuardSpec.Turns(id, Form.number("max", v.get("max")), agent, stages);
            case GuardSpec.Deadline d -> new GuardSpec.Deadline(id, Form.duration("limit", v.get("limit")), agent,
                    stages);
            case GuardSpec.Tokens t -> new GuardSpec.Tokens(id, Form.number("context", v.get("context")),
                    Form.number("total", v.get("total")), agent, stages);
            case GuardSpec.Cost c -> new GuardSpec.Cost(id, Form.decimal("max", v.get("max")),
                    Form.decimal("input per million", v.get("input per million")),
                    Form.decimal("output per million", v.get("output per million")), agent, stages);
            case GuardSpec.Loop l -> new GuardSpec.Loop(id, Form.number("window", v.get("window")),
                    Form.number("repeats", v.get("repeats")), Math.max(1, Form.number("period", v.get("period"))),
                    Form.number("period", v.get("period")) > 1 ? Form.number("cycles", v.get("cycles"))
                            : Form.number("repeats", v.get("repeats")), agent, stages);
            case GuardSpec.NoProgress n -> new GuardSpec.NoProgress(id, Form.number("steps", v.get("steps")), agent,
                    stages);
            case GuardSpec.Stall s -> new GuardSpec.Stall(id, Form.number("after", v.get("after")), v.get("nudge"),
                    agent, stages);
            case GuardSpec.Complete c -> new GuardSpec.Complete(id, v.get("when"), agent, stages);
            case GuardSpec.Custom c -> new GuardSpec.Custom(id, v.get("when"), agent, stages);
        };
    }

    private static List<Stage> stages(String text) {
        List<Stage> out = Form.split(text).stream().map(GuardForm::stage).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("a guard needs at least one stage: " + String.join(", ", STAGES));
        }
        return out;
    }

    private static Stage stage(String word) {
        try {
            return Stage.valueOf(word.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + word + "' is not a stage; the stages are "
                    + String.join(", ", STAGES));
        }
    }
}
