package dev.bridle.app.editor;

import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.GuardSpec.Stage;
import dev.bridle.policy.Harness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The edits of the guard list, and a new guard of each kind with the defaults a user would start from. */
public final class GuardEdits {

    /** The guard kinds in the order the editor offers them (the words documents use). */
    public static final List<String> KINDS = List.of(
            "steps", "turns", "deadline", "tokens", "cost", "loop", "noProgress", "stall", "complete", "when");

    private GuardEdits() {}

    /** A new guard of {@code kind} with sensible limits; every kind reads back from YAML as it was written. */
    public static GuardSpec create(String kind, String id) {
        Optional<String> all = Optional.empty();
        List<Stage> stop = GuardSpec.STOP_ONLY;
        return switch (kind) {
            case "steps" -> new GuardSpec.Steps(id, 40, all, stop);
            case "turns" -> new GuardSpec.Turns(id, 10, all, stop);
            case "deadline" -> new GuardSpec.Deadline(id, Duration.ofMinutes(5), all, stop);
            case "tokens" -> new GuardSpec.Tokens(id, 8000, 200_000, all, stop);
            case "cost" -> new GuardSpec.Cost(id, 1.0, 3.0, 15.0, all, stop);
            case "loop" -> new GuardSpec.Loop(id, 6, 3, 1, 3, all, stop);
            case "noProgress" -> new GuardSpec.NoProgress(id, 8, all, stop);
            case "stall" -> new GuardSpec.Stall(id, 3,
                    "You have not acted. Take the next step with a tool, or answer.", all,
                    List.of(Stage.NUDGE, Stage.STOP));
            case "complete" -> new GuardSpec.Complete(id, "state.done == true", all, stop);
            case "when" -> new GuardSpec.Custom(id, "tool.name == 'shell'", all, List.of(Stage.DENY));
            default -> throw new IllegalArgumentException("no guard kind '" + kind + "'; the kinds are " + KINDS);
        };
    }

    /** An id for a new guard of {@code kind} that no guard has yet. */
    public static String freshId(String kind, Harness h) {
        return NodeKinds.freshId(kind, h.guards().stream().map(GuardSpec::id).toList());
    }

    /** Appends {@code guard}. */
    public static Edit add(GuardSpec guard) {
        return Edit.of("Add " + guard.kind() + " guard '" + guard.id() + "'", h -> {
            if (h.guards().stream().anyMatch(g -> g.id().equals(guard.id()))) {
                throw new IllegalArgumentException("there is already a guard '" + guard.id() + "'");
            }
            List<GuardSpec> guards = new ArrayList<>(h.guards());
            guards.add(guard);
            return Harnesses.withGuards(h, guards);
        });
    }

    /** Replaces the guard at {@code index}. */
    public static Edit replace(int index, GuardSpec guard) {
        return Edit.of("Change guard '" + guard.id() + "'", h -> {
            List<GuardSpec> guards = new ArrayList<>(h.guards());
            for (int i = 0; i < guards.size(); i++) {
                if (i != index && guards.get(i).id().equals(guard.id())) {
                    throw new IllegalArgumentException("there is already a guard '" + guard.id() + "'");
                }
            }
            guards.set(index, guard);
            return Harnesses.withGuards(h, guards);
        });
    }

    /**
     * Adds a new guard of {@code kind} where it was dropped: on the agent {@code agent} (the agent of the node it was
     * dropped on), or on the whole run when {@code agent} is empty.
     */
    public static Edit addOn(String kind, Optional<String> agent) {
        String where = agent.map(a -> "on agent '" + a + "'").orElse("on the run");
        return Edit.of("Add " + kind + " guard " + where, h -> {
            agent.filter(a -> !h.agents().containsKey(a)).ifPresent(a -> {
                throw new IllegalArgumentException("there is no agent '" + a + "'");
            });
            GuardSpec g = create(kind, freshId(kind, h));
            return add(with(g, agent, g.stages())).apply(h);
        });
    }

    /** Gives the guard at {@code index} the responses {@code stages}, to the 1st, 2nd, … trigger. */
    public static Edit setStages(int index, List<Stage> stages) {
        return Edit.of("Change the responses of a guard", h -> {
            if (index < 0 || index >= h.guards().size()) {
                throw new IllegalArgumentException("there is no such guard");
            }
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("a guard needs at least one response");
            }
            GuardSpec g = h.guards().get(index);
            if (g instanceof GuardSpec.Custom && stages.size() != 1) {
                throw new IllegalArgumentException("a 'when' guard has one response");
            }
            return replace(index, with(g, g.agent(), List.copyOf(stages))).apply(h);
        });
    }

    /** The same guard watching {@code agent} (empty: the whole run) with the responses {@code stages}. */
    static GuardSpec with(GuardSpec g, Optional<String> agent, List<Stage> stages) {
        return switch (g) {
            case GuardSpec.Steps s -> new GuardSpec.Steps(s.id(), s.max(), agent, stages);
            case GuardSpec.Turns t -> new GuardSpec.Turns(t.id(), t.max(), agent, stages);
            case GuardSpec.Deadline d -> new GuardSpec.Deadline(d.id(), d.limit(), agent, stages);
            case GuardSpec.Tokens t -> new GuardSpec.Tokens(t.id(), t.context(), t.total(), agent, stages);
            case GuardSpec.Cost c -> new GuardSpec.Cost(c.id(), c.max(), c.inputPerMillion(), c.outputPerMillion(),
                    agent, stages);
            case GuardSpec.Loop l -> new GuardSpec.Loop(l.id(), l.window(), l.repeats(), l.period(), l.cycles(), agent,
                    stages);
            case GuardSpec.NoProgress n -> new GuardSpec.NoProgress(n.id(), n.steps(), agent, stages);
            case GuardSpec.Stall s -> new GuardSpec.Stall(s.id(), s.after(), s.nudge(), agent, stages);
            case GuardSpec.Complete c -> new GuardSpec.Complete(c.id(), c.when(), agent, stages);
            case GuardSpec.Custom c -> new GuardSpec.Custom(c.id(), c.when(), agent, stages);
        };
    }

    /** Removes the guard at {@code index}. */
    public static Edit remove(int index) {
        return Edit.of("Remove a guard", h -> {
            List<GuardSpec> guards = new ArrayList<>(h.guards());
            guards.remove(index);
            return Harnesses.withGuards(h, guards);
        });
    }
}
