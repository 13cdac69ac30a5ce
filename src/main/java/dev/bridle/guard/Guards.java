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
 * nudge, then stop, …; the last stage repeats). Every guard that triggers at a checkpoint is recorded; the first one
 * that ends the run decides.
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

    /** The first guard that triggers after a step (every guard is still checked and keeps its count). */
    public Verdict afterStep(StepFacts facts) {
        return firstOf(afterStepAll(facts));
    }

    /**
     * Every guard that triggers after a step, in document order: each one reached its limit and is recorded; the
     * first one that ends the run decides.
     */
    public List<Verdict.Triggered> afterStepAll(StepFacts facts) {
        return all(g -> g.afterStep(facts));
    }

    /** The first guard that triggers before a model call (every guard is still checked). */
    public Verdict beforeModelCall(StepFacts facts) {
        return firstOf(beforeModelCallAll(facts));
    }

    /** Every guard that triggers before a model call, in document order. */
    public List<Verdict.Triggered> beforeModelCallAll(StepFacts facts) {
        return all(g -> g.beforeModelCall(facts));
    }

    public Verdict beforeToolCall(StepFacts facts, Map<String, Object> activation) {
        // A custom rule decides one call (deny, ask): the first one that holds is the call's answer.
        for (Guard g : guards) {
            Optional<String> detail = g.beforeToolCall(facts, activation);
            if (detail.isPresent()) {
                return respond(g, detail.get());
            }
        }
        return Verdict.CONTINUE;
    }

    private static Verdict firstOf(List<Verdict.Triggered> all) {
        return all.isEmpty() ? Verdict.CONTINUE : all.getFirst();
    }

    private List<Verdict.Triggered> all(Function<Guard, Optional<String>> check) {
        List<Verdict.Triggered> out = List.of();
        for (Guard g : guards) {
            Optional<String> detail = check.apply(g);
            if (detail.isPresent()) {
                if (out.isEmpty()) {
                    out = new ArrayList<>(2);
                }
                out.add(respond(g, detail.get()));
            }
        }
        return out;
    }

    /**
     * The run-wide deadline that would stop the run if it fired now (its next stage is stop), so that a model or tool
     * call still running at that moment is cut; empty when the harness has none.
     */
    public Optional<GuardSpec.Deadline> cuttingDeadline() {
        GuardSpec.Deadline best = null;
        for (Guard g : guards) {
            if (g.spec() instanceof GuardSpec.Deadline d && d.agent().isEmpty() && nextStage(g) == GuardSpec.Stage.STOP
                    && (best == null || d.limit().compareTo(best.limit()) < 0)) {
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Triggers the guard {@code id} with {@code detail}: the engine saw its limit reached during a call. */
    public Verdict.Triggered trigger(String id, String detail) {
        for (Guard g : guards) {
            if (g.id().equals(id)) {
                return respond(g, detail);
            }
        }
        throw new IllegalArgumentException("no guard '" + id + "'");
    }

    private GuardSpec.Stage nextStage(Guard g) {
        List<GuardSpec.Stage> stages = g.spec().stages();
        return stages.get(Math.min(triggers.getOrDefault(g.id(), 0) + 1, stages.size()) - 1);
    }

    private Verdict.Triggered respond(Guard g, String detail) {
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
