package dev.bridle.guard;

import dev.bridle.policy.GuardSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loop detection over the run's actions (a tool and its canonical arguments):
 *
 * <ul>
 *   <li>the same action {@code repeats} times within the last {@code window} actions: a ring buffer of the window and
 *       a count per action, so each step costs O(1);
 *   <li>a cycle of length 2 to {@code period} (A-B-A-B, A-B-C-A-B-C) repeated {@code cycles} times in a row at the
 *       end of the history: at most {@code period × cycles} comparisons per action, a constant.
 * </ul>
 */
public final class LoopGuard implements Guard {

    private final GuardSpec.Loop spec;
    private final String[] ring;
    private final Map<String, Integer> counts = new HashMap<>();
    private final String[] tail;
    private long seen;

    public LoopGuard(GuardSpec.Loop spec) {
        this.spec = spec;
        this.ring = new String[spec.window()];
        this.tail = new String[Math.max(1, spec.period() * spec.cycles())];
    }

    @Override
    public GuardSpec spec() {
        return spec;
    }

    @Override
    public Optional<String> afterStep(StepFacts facts) {
        if (spec.agent().isPresent() && !spec.agent().get().equals(facts.agent())) {
            return Optional.empty();
        }
        Optional<String> found = Optional.empty();
        for (String action : facts.lastActions()) {
            Optional<String> f = record(action);
            if (found.isEmpty()) {
                found = f;
            }
        }
        return found;
    }

    /** Feeds one action; returns the loop it closes, if any. Visible for tests and benchmarks. */
    public Optional<String> record(String action) {
        int slot = (int) (seen % ring.length);
        String evicted = ring[slot];
        if (evicted != null) {
            counts.computeIfPresent(evicted, (k, v) -> v == 1 ? null : v - 1);
        }
        ring[slot] = action;
        int n = counts.merge(action, 1, Integer::sum);
        tail[(int) (seen % tail.length)] = action;
        seen++;
        if (n >= spec.repeats()) {
            counts.clear();
            java.util.Arrays.fill(ring, null);
            return Optional.of(spec.describe() + ": " + abbreviate(action) + " repeated " + n + " times");
        }
        for (int p = 2; p <= spec.period(); p++) {
            if (cycle(p)) {
                return Optional.of(spec.describe() + ": a cycle of " + p + " actions repeated " + spec.cycles()
                        + " times (" + String.join(" -> ", last(p)) + ")");
            }
        }
        return Optional.empty();
    }

    private boolean cycle(int p) {
        int needed = p * spec.cycles();
        if (seen < needed || needed > tail.length) {
            return false;
        }
        boolean allSame = true;
        for (int i = 1; i < needed; i++) {
            String a = at(i);
            String b = at(i - 1);
            allSame &= a.equals(b);
            if (i >= p && !at(i).equals(at(i - p))) {
                return false;
            }
        }
        return !allSame;
    }

    /** The action {@code back} places before the newest (0 = newest). */
    private String at(int back) {
        return tail[(int) ((seen - 1 - back) % tail.length)];
    }

    private List<String> last(int p) {
        String[] out = new String[p];
        for (int i = 0; i < p; i++) {
            out[p - 1 - i] = abbreviate(at(i));
        }
        return List.of(out);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 59) + "…";
    }
}
