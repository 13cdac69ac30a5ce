package dev.bridle.bench;

import dev.bridle.corpus.Corpus;
import dev.bridle.corpus.CorpusFilter;
import dev.bridle.corpus.CorpusFixture;
import dev.bridle.corpus.CorpusReport;
import dev.bridle.corpus.CorpusRun;
import dev.bridle.corpus.CorpusWhatIf;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What-if over a corpus: {@code N} recorded runs of about 50 events each (JSON lines on disk, as {@code bridle whatif
 * --jsonl-dir} reads them) replayed under a tighter harness, with 1 job and with 2 jobs in the same JVM, alternating,
 * so that the ratio compares like with like. Each figure is the whole replay: listing the folder, reading and parsing
 * every file, replaying it through the engine and folding the report.
 *
 * <p>Run: {@code docs/bench/whatif-bench.sh [RUNS] [ROUNDS]} (default 10000 runs, 3 rounds of each job count, after one
 * warm-up replay of the whole corpus with 2 jobs). {@code bench.dir} keeps the corpus there instead of a temporary
 * folder. {@code -Dbench.source=store} records the corpus into an H2 store instead (once: a store in {@code bench.dir}
 * that already holds the runs is reused) and replays it from there, each job reading its runs' events from the store.
 */
public final class WhatIfCorpusBench {

    private WhatIfCorpusBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path root = System.getProperty("bench.dir") == null
                ? Files.createTempDirectory("bridle-whatif-bench")
                : Files.createDirectories(Path.of(System.getProperty("bench.dir")));
        RunStore store = null;
        try {
            Path corpus = root.resolve("corpus");
            // 5 % over the tighter budget, 5 % reading a secret now denied, 1 % reading scratch now allowed
            List<CorpusFixture.Kind> kinds = CorpusFixture.writeCorpus(corpus, root.resolve("work"), runs,
                    runs / 20, runs / 20, runs / 100);
            Harness tighter = HarnessReader.read(root.resolve("work/tighter.harness.yaml")).harness();
            long events = 0;
            try (Stream<Path> files = Files.list(corpus)) {
                for (Path f : files.toList()) {
                    events += Files.readAllLines(f).size() - 1; // less the header line
                }
            }
            System.out.printf(Locale.ROOT, "%,d runs, %,d events (%.1f a run), %d cores, load average %s%n", runs,
                    events, (double) events / runs, Runtime.getRuntime().availableProcessors(),
                    Files.readString(Path.of("/proc/loadavg")).trim());
            boolean fromStore = "store".equals(System.getProperty("bench.source", "files"));
            if (fromStore) {
                store = RunStore.open(RunStore.fileUrl(root.resolve("store/runs")));
                long t0 = System.nanoTime();
                if (store.runs(CorpusFilter.ALL.toRunFilter()).size() != runs) {
                    CorpusFixture.recordInto(store, root.resolve("work"), runs, runs / 20, runs / 20, runs / 100);
                }
                System.out.printf(Locale.ROOT, "source: the H2 store %s (%d runs recorded in %.1f s)%n", store.url(),
                        runs, (System.nanoTime() - t0) / 1e9);
            } else {
                System.out.println("source: the JSON-lines folder " + corpus);
            }
            RunStore db = store;
            source = () -> db != null ? Corpus.of(db, CorpusFilter.ALL) : Corpus.of(corpus, CorpusFilter.ALL);
            CorpusReport warm = replay(tighter, corpus, 2);
            System.out.println("warm-up: " + warm.headline() + "; " + warm.undecidable().size() + " undecidable");
            check(warm, kinds);
            List<double[]> one = new ArrayList<>();
            List<double[]> two = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                one.add(timed(tighter, corpus, 1, kinds));
                two.add(timed(tighter, corpus, 2, kinds));
                System.out.printf(Locale.ROOT, "round %d: 1 job %.2f s (CPU %.2f s), 2 jobs %.2f s (CPU %.2f s);"
                        + " load average %s%n", i + 1, one.getLast()[0], one.getLast()[1], two.getLast()[0],
                        two.getLast()[1], Files.readString(Path.of("/proc/loadavg")).trim());
            }
            double m1 = median(one.stream().map(x -> x[0]).toList());
            double m2 = median(two.stream().map(x -> x[0]).toList());
            double c1 = median(one.stream().map(x -> x[1]).toList());
            double c2 = median(two.stream().map(x -> x[1]).toList());
            System.out.println();
            // CPU over wall shows how many cores the replay got: on a machine shared with other work, a speed-up
            // below 2 with CPU/wall near 1 means the second core was busy elsewhere, not that the replay serialises.
            System.out.println("| jobs | median wall of " + rounds + " (s) | runs/s | speed-up | median CPU (s) |"
                    + " CPU/wall |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| 1 | %.2f | %,.0f | 1.00× | %.2f | %.2f |%n", m1, runs / m1, c1, c1 / m1);
            System.out.printf(Locale.ROOT, "| 2 | %.2f | %,.0f | %.2f× | %.2f | %.2f |%n", m2, runs / m2, m1 / m2, c2,
                    c2 / m2);
        } finally {
            if (store != null) {
                store.close();
            }
            if (System.getProperty("bench.dir") == null) {
                delete(root);
            }
        }
    }

    /** The corpus's runs: the folder, or the store with {@code -Dbench.source=store}. */
    private interface Source {
        List<CorpusRun> runs() throws IOException;
    }

    private static Source source;

    private static CorpusReport replay(Harness h, Path corpus, int jobs) throws Exception {
        List<CorpusRun> runs = source.runs();
        return CorpusWhatIf.replay(h, runs, jobs, CorpusWhatIf.Progress.NONE);
    }

    /** Wall and CPU seconds of one whole replay (CPU of the process: every thread, the collector's too). */
    private static double[] timed(Harness h, Path corpus, int jobs, List<CorpusFixture.Kind> kinds)
            throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        CorpusReport r = replay(h, corpus, jobs);
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        check(r, kinds);
        return new double[] {s, cpu};
    }

    /** The replay must be right, not just fast: the changes the corpus was built to have. */
    private static void check(CorpusReport r, List<CorpusFixture.Kind> kinds) {
        long longRuns = kinds.stream().filter(k -> k == CorpusFixture.Kind.LONG).count();
        long scratch = kinds.stream().filter(k -> k == CorpusFixture.Kind.SCRATCH).count();
        if (r.replayed() != kinds.size() || r.outcomeChanges().size() != longRuns
                || r.undecidable().size() != scratch) {
            throw new IllegalStateException("wrong report: " + r.headline());
        }
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
