package dev.bridle.guard;

import dev.bridle.expr.ExprFailure;
import dev.bridle.policy.Agent;
import dev.bridle.policy.GuardSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The guards of a run, checked in document order. A guard that triggers responds with its next stage (warn, then
 * nudge, then stop, …; the last stage repeats); the first guard that triggers at a checkpoint decides.
 */
public final class Guards {

    private final List<Guard> guards;
    private final Map<String, Integer> triggers = new HashMap<>();

    private final boolean toolRules;

    private Guards(List<Guard> guards) {
        this.guards = List.copyOf(guards);
        this.toolRules = guards.stream().anyMatch(g -> g instanceof RuleGuard);
    }

    /** The harness's guards, then each agent's limits as guards named {@code agents.ID.limits.KIND}. */
    public static Guards of(List<GuardSpec> specs, Iterable<Agent> agents) throws ExprFailure {
        List<Guard> out = new ArrayList<>();
        for (GuardSpec s : specs) {
            out.add(create(s));
        }
        for (Agent a : agents) {
            String base = "agents." + a.id() + ".limits.";
            Optional<String> scope = Optional.of(a.id());
            if (a.limits().steps() > 0) {
                out.add(new StepGuard(new GuardSpec.Steps(base + "steps", a.limits().steps(), scope,
                        GuardSpec.STOP_ONLY)));
            }
            if (a.limits().turns() > 0) {
                out.add(new TurnGuard(new GuardSpec.Turns(base + "turns", a.limits().turns(), scope,
                        GuardSpec.STOP_ONLY)));
            }
            if (a.limits().tokens() > 0) {
                out.add(new TokenGuard(new GuardSpec.Tokens(base + "tokens", 0, a.limits().tokens(), scope,
                        GuardSpec.STOP_ONLY)));
            }
        }
        return new Guards(out);
    }

    public static Guards of(List<GuardSpec> specs) throws ExprFailure {
        return of(specs, List.of());
    }

    private static Guard create(GuardSpec spec) throws ExprFailure {
        return switch (spec) {
            case GuardSpec.Steps s -> new StepGuard(s);
            case GuardSpec.Turns t -> new TurnGuard(t);
            case GuardSpec.Deadline d -> new DeadlineGuard(d);
            case GuardSpec.Tokens t -> new TokenGuard(t);
            case GuardSpec.Cost c -> new CostGuard(c);
            case GuardSpec.Loop l -> new LoopGuard(l);
            case GuardSpec.NoProgress n -> new NoProgressGuard(n);
            case GuardSpec.Stall s -> new StallGuard(s);
            case GuardSpec.Complete c -> new CompletionGuard(c);
            case GuardSpec.Custom c -> new RuleGuard(c);
        };
    }

    public Verdict afterStep(StepFacts facts) {
        return first(g -> g.afterStep(facts));
    }

    public Verdict beforeModelCall(StepFacts facts) {
        return first(g -> g.beforeModelCall(facts));
    }

    public Verdict beforeToolCall(StepFacts facts, Map<String, Object> activation) {
        return first(g -> g.beforeToolCall(facts, activation));
    }

    private Verdict first(Function<Guard, Optional<String>> check) {
        for (Guard g : guards) {
            Optional<String> detail = check.apply(g);
            if (detail.isPresent()) {
                return respond(g, detail.get());
            }
        }
        return Verdict.CONTINUE;
    }

    private Verdict respond(Guard g, String detail) {
        if (g.spec() instanceof GuardSpec.Complete) {
            return new Verdict.Triggered(g.id(), Verdict.Action.COMPLETE, detail, null);
        }
        int n = triggers.merge(g.id(), 1, Integer::sum);
        List<GuardSpec.Stage> stages = g.spec().stages();
        GuardSpec.Stage stage = stages.get(Math.min(n, stages.size()) - 1);
        String message = g.spec() instanceof GuardSpec.Stall s ? s.nudge()
                : "The harness's guard '" + g.id() + "' warns: " + detail;
        return new Verdict.Triggered(g.id(), Verdict.Action.valueOf(stage.name()), detail, message);
    }

    /** The meters of every guard that has one, for the debugger. */
    public List<Guard.Meter> meters(StepFacts facts) {
        List<Guard.Meter> out = new ArrayList<>();
        for (Guard g : guards) {
            g.meter(facts).ifPresent(out::add);
        }
        return out;
    }

    /** Whether any guard is checked before tool calls (and so reads the call's arguments). */
    public boolean hasToolRules() {
        return toolRules;
    }

    public int size() {
        return guards.size();
    }
}
