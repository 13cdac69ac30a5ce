package dev.bridle.corpus;

import dev.bridle.engine.RunResult;
import dev.bridle.event.RunEvent;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a harness would have changed over a corpus of recorded runs: every run replayed, the runs whose outcome changes
 * (from what to what), the decisions that change grouped by the rule that takes them, the runs that can no longer be
 * decided offline and why, and the runs that could not be read.
 *
 * @param harness the name of the harness replayed
 * @param selected how many runs the corpus offered
 * @param filteredOut how many of them the filter left out (files are filtered once read)
 * @param runs every run replayed, in corpus order
 * @param rules the decisions that change, by rule, most changes first
 * @param unreadable the runs that could not be read or replayed
 */
public record CorpusReport(String harness, int selected, int filteredOut, List<RunReplay> runs,
        List<RuleChange> rules, List<Unreadable> unreadable) {

    public CorpusReport {
        runs = List.copyOf(runs);
        rules = List.copyOf(rules);
        unreadable = List.copyOf(unreadable);
    }

    /** How a run ended: its outcome word ({@code open} when the recording has no end), the rule and the step. */
    public record Ending(String outcome, String rule, int step) {

        /** A recording that never ended (cut short, or still being recorded when it was exported). */
        public static final Ending OPEN = new Ending("open", null, 0);

        static Ending of(RunEvent.RunEnded e) {
            return new Ending(e.outcome().word(), e.rule(), e.step());
        }

        static Ending of(RunResult r) {
            return new Ending(r.outcome().word(), r.rule(), r.steps());
        }

        /** {@code stopped by rule 'budget' at step 20}. */
        public String text() {
            return outcome + (rule == null ? "" : " by rule '" + rule + "'")
                    + (outcome.equals(OPEN.outcome) ? "" : " at step " + step);
        }

        /** Same outcome by the same rule; the step may differ (an earlier stop by the same rule is not a new end). */
        public boolean sameAs(Ending other) {
            return outcome.equals(other.outcome) && Objects.equals(rule, other.rule);
        }
    }

    /**
     * One run replayed.
     *
     * @param decisionsChanged how many decisions differ (taken no more plus taken now)
     * @param firstDivergence where the decisions first differ, in words
     * @param undecided why the new run is no longer decided by the recording alone; empty when it is
     */
    public record RunReplay(String id, Ending before, Ending after, int decisionsChanged,
            Optional<String> firstDivergence, List<String> undecided) {

        public RunReplay {
            undecided = List.copyOf(undecided);
        }

        public boolean outcomeChanged() {
            return !before.sameAs(after);
        }

        public boolean undecidable() {
            return !undecided.isEmpty();
        }
    }

    /**
     * The decisions of one rule that change over the corpus.
     *
     * @param rule the rule's id ({@code (none) KIND} for a decision without one)
     * @param runs in how many runs
     * @param takenNoMore decisions the recorded runs took that the new harness does not
     * @param takenNow decisions the new harness takes that the recorded runs did not
     * @param exampleRun the first run, in corpus order, where it changes
     * @param example that run's first changed decision of the rule: {@code - } taken no more, {@code + } taken now
     */
    public record RuleChange(String rule, int runs, int takenNoMore, int takenNow, String exampleRun,
            String example) {

        public int changes() {
            return takenNoMore + takenNow;
        }
    }

    /** A run that could not be read or replayed, and why. */
    public record Unreadable(String id, String why) {}

    public int replayed() {
        return runs.size();
    }

    /** The runs whose outcome changes, in corpus order. */
    public List<RunReplay> outcomeChanges() {
        return runs.stream().filter(RunReplay::outcomeChanged).toList();
    }

    /** The runs whose decisions change at all, in corpus order. */
    public List<RunReplay> decisionChanges() {
        return runs.stream().filter(r -> r.decisionsChanged() > 0).toList();
    }

    /** The runs that can no longer be decided offline, in corpus order. */
    public List<RunReplay> undecidable() {
        return runs.stream().filter(RunReplay::undecidable).toList();
    }

    /** How many runs go from one outcome to another ({@code completed → stopped}), most first. */
    public Map<String, Long> transitions() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (RunReplay r : outcomeChanges()) {
            counts.merge(r.before().outcome() + " → " + r.after().outcome(), 1L, Long::sum);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** {@code this change stops 3 of 1,204 runs}, the sentence a CI gate prints. */
    public String headline() {
        List<RunReplay> changed = outcomeChanges();
        if (changed.isEmpty()) {
            return "no outcome changes over " + String.format("%,d", replayed()) + " runs under harness '" + harness
                    + "'";
        }
        return "harness '" + harness + "' changes the outcome of " + String.format("%,d", changed.size()) + " of "
                + String.format("%,d", replayed()) + " runs (" + String.join(", ", transitions().entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue()).toList()) + ")";
    }
}
