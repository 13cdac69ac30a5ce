package dev.bridle.corpus;

import dev.bridle.export.RunJournal;
import dev.bridle.export.WhatIf;
import dev.bridle.policy.Harness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What-if over a corpus: every run replayed offline under one harness by {@link WhatIf}, on a fixed number of
 * threads, and the single-run reports folded into one {@link CorpusReport}. Runs are read by the job that replays
 * them and only their comparison is kept, so memory does not grow with the runs' length.
 */
public final class CorpusWhatIf {

    /** Told after each run is done, from the job's thread. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> {};

        void done(int done, int total);
    }

    private CorpusWhatIf() {}

    /** One run's result: replayed, left out by the filter, or unreadable. */
    private sealed interface Result {}

    private record Replayed(CorpusReport.RunReplay replay, List<Change> changes) implements Result {}

    private record Skipped() implements Result {}

    private record Failed(CorpusReport.Unreadable why) implements Result {}

    /** A decision that differs: its rule, whether the new harness takes it ({@code now}), and its line. */
    private record Change(String rule, boolean now, String line) {}

    /**
     * Replays {@code runs} under {@code harness} on {@code jobs} threads.
     *
     * @throws InterruptedException when the calling thread is interrupted; the jobs are stopped
     */
    public static CorpusReport replay(Harness harness, List<CorpusRun> runs, int jobs, Progress progress)
            throws InterruptedException {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, was " + jobs);
        }
        AtomicInteger done = new AtomicInteger();
        AtomicInteger thread = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "whatif-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        List<Result> results = new ArrayList<>(runs.size());
        ExecutorService pool = Executors.newFixedThreadPool(jobs, threads);
        try {
            List<Future<Result>> futures = new ArrayList<>(runs.size());
            for (CorpusRun run : runs) {
                futures.add(pool.submit(() -> {
                    Result r = one(harness, run);
                    progress.done(done.incrementAndGet(), runs.size());
                    return r;
                }));
            }
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            // one() catches what a run can throw; anything else is a bug to surface, not a run to skip
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return fold(harness.name(), runs.size(), results);
    }

    private static Result one(Harness harness, CorpusRun run) {
        Optional<RunJournal.Recorded> recorded;
        try {
            recorded = run.load();
        } catch (IOException | RuntimeException e) {
            return new Failed(new CorpusReport.Unreadable(run.id(), "cannot read: " + e.getMessage()));
        }
        if (recorded.isEmpty()) {
            return new Skipped();
        }
        WhatIf.Report r;
        try {
            r = WhatIf.run(harness, recorded.get());
        } catch (RuntimeException e) {
            return new Failed(new CorpusReport.Unreadable(run.id(), "cannot replay: " + e));
        }
        List<Change> changes = new ArrayList<>();
        r.onlyRecorded().forEach(l -> changes.add(new Change(rule(l), false, l)));
        r.onlyNew().forEach(l -> changes.add(new Change(rule(l), true, l)));
        CorpusReport.Ending before = r.recordedEnd().map(CorpusReport.Ending::of).orElse(CorpusReport.Ending.OPEN);
        Optional<String> first = r.firstDivergence().map(d -> "step " + d.step() + ": recorded "
                + d.recorded().orElse("(no more decisions)") + "; now " + d.now().orElse("(no more decisions)"));
        return new Replayed(new CorpusReport.RunReplay(run.id(), before, CorpusReport.Ending.of(r.result()),
                changes.size(), first, r.undecided()), changes);
    }

    /** The rule a decision line names ({@code rule=ID}), or {@code (none) KIND} for one without a rule. */
    static String rule(String line) {
        // WhatIf.decisions writes "step N KIND [AGENT] rule=R | SUMMARY"
        int at = line.indexOf(" rule=");
        int bar = line.indexOf(" | ", at);
        String rule = at < 0 ? "null" : line.substring(at + 6, bar < 0 ? line.length() : bar);
        if (!rule.equals("null")) {
            return rule;
        }
        String[] words = line.split(" ", 4);
        return "(none) " + (words.length > 2 ? words[2] : "?");
    }

    private static CorpusReport fold(String harness, int selected, List<Result> results) {
        List<CorpusReport.RunReplay> runs = new ArrayList<>();
        List<CorpusReport.Unreadable> unreadable = new ArrayList<>();
        Map<String, Tally> byRule = new LinkedHashMap<>();
        int skipped = 0;
        for (Result result : results) {
            switch (result) {
                case Replayed r -> {
                    runs.add(r.replay());
                    Map<String, Boolean> seen = new LinkedHashMap<>();
                    for (Change c : r.changes()) {
                        Tally t = byRule.computeIfAbsent(c.rule(), k -> new Tally(r.replay().id(),
                                (c.now() ? "+ " : "- ") + c.line()));
                        if (c.now()) {
                            t.now++;
                        } else {
                            t.noMore++;
                        }
                        if (seen.put(c.rule(), true) == null) {
                            t.runs++;
                        }
                    }
                }
                case Skipped s -> skipped++;
                case Failed f -> unreadable.add(f.why());
            }
        }
        List<CorpusReport.RuleChange> rules = byRule.entrySet().stream()
                .map(e -> new CorpusReport.RuleChange(e.getKey(), e.getValue().runs, e.getValue().noMore,
                        e.getValue().now, e.getValue().exampleRun, e.getValue().example))
                .sorted(Comparator.comparingInt(CorpusReport.RuleChange::runs).reversed()
                        .thenComparing(Comparator.comparingInt(CorpusReport.RuleChange::changes).reversed())
                        .thenComparing(CorpusReport.RuleChange::rule))
                .toList();
        return new CorpusReport(harness, selected, skipped, runs, rules, unreadable);
    }

    /** The running count of one rule's changed decisions, and its first example. */
    private static final class Tally {
        final String exampleRun;
        final String example;
        int runs;
        int noMore;
        int now;

        Tally(String exampleRun, String example) {
            this.exampleRun = exampleRun;
            this.example = example;
        }
    }
}
