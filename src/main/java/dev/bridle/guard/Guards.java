package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import java.util.List;

/** The guards of a harness, checked in document order; the first verdict other than continue wins. */
public final class Guards {

    private final List<Guard> guards;

    private Guards(List<Guard> guards) {
        this.guards = List.copyOf(guards);
    }

    public static Guards of(List<GuardSpec> specs) {
        return new Guards(specs.stream().map(Guards::create).toList());
    }

    private static Guard create(GuardSpec spec) {
        return switch (spec) {
            case GuardSpec.Steps s -> new StepGuard(s);
        };
    }

    public Verdict afterStep(RunProgress progress) {
        for (Guard g : guards) {
            Verdict v = g.afterStep(progress);
            if (!(v instanceof Verdict.Continue)) {
                return v;
            }
        }
        return Verdict.CONTINUE;
    }

    public int size() {
        return guards.size();
    }
}
