package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import java.util.Map;
import java.util.Optional;

/**
 * One rule that watches a run. Each kind of guard is one small class behind this interface; it only says whether it
 * triggers and why. What a trigger leads to (warn, nudge, stop, …) is the guard's stages, applied by {@link Guards}.
 */
public interface Guard {

    GuardSpec spec();

    default String id() {
        return spec().id();
    }

    /** Checked after every completed step. */
    default Optional<String> afterStep(StepFacts facts) {
        return Optional.empty();
    }

    /** Checked before every model call (deadline, context budget). */
    default Optional<String> beforeModelCall(StepFacts facts) {
        return Optional.empty();
    }

    /** Checked before every tool call, with the call bound as {@code tool} in the activation. */
    default Optional<String> beforeToolCall(StepFacts facts, Map<String, Object> activation) {
        return Optional.empty();
    }

    /** A meter for the debugger: how far the run is toward the limit, or empty when the guard has none. */
    default Optional<Meter> meter(StepFacts facts) {
        return Optional.empty();
    }

    /** Progress toward a limit, as {@code steps 7/40}. */
    record Meter(String guard, String label, double value, double limit) {
        @Override
        public String toString() {
            return label + " " + format(value) + "/" + format(limit);
        }

        private static String format(double v) {
            if (v >= 10_000) {
                return String.format("%.1fk", v / 1000);
            }
            return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v);
        }
    }
}
