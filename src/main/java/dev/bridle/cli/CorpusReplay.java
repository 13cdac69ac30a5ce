package dev.bridle.cli;

import dev.bridle.corpus.Corpus;
import dev.bridle.corpus.CorpusFilter;
import dev.bridle.corpus.CorpusReport;
import dev.bridle.corpus.CorpusReportWriter;
import dev.bridle.corpus.CorpusRun;
import dev.bridle.corpus.CorpusWhatIf;
import dev.bridle.policy.Harness;
import dev.bridle.store.RunStore;
import dev.bridle.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The corpus form of {@code bridle whatif}: selects the runs (store or folder, filtered), replays them in parallel
 * with progress on stderr, prints the report's summary and writes the report file.
 */
final class CorpusReplay {

    /** Runs listed on the console before "… and N more". */
    private static final int CONSOLE_ROWS = 10;

    private final PrintWriter out;
    private final PrintWriter err;

    CorpusReplay(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    int run(Harness harness, Path dir, String storeUrl, String filterText, Integer jobs, Path reportFile) {
        CorpusFilter filter;
        try {
            filter = CorpusFilter.parse(filterText, Instant.now());
            if (reportFile != null) {
                CorpusReportWriter.Format.of(reportFile);
            }
        } catch (IllegalArgumentException e) {
            err.println("bridle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        int threads = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (threads < 1) {
            err.println("bridle: --jobs must be at least 1, was " + threads);
            return ExitCodes.BAD_INPUT;
        }
        if (reportFile != null && reportFile.toAbsolutePath().getParent() != null
                && !Files.isDirectory(reportFile.toAbsolutePath().getParent())) {
            err.println("bridle: --report " + reportFile + ": its folder does not exist");
            return ExitCodes.BAD_INPUT;
        }
        long started = System.nanoTime();
        CorpusReport report;
        try {
            if (dir != null) {
                report = replay(harness, Corpus.of(dir, filter), threads, dir.toString());
            } else {
                try (RunStore store = RunStore.open(storeUrl)) {
                    report = replay(harness, Corpus.of(store, filter), threads, storeUrl);
                }
            }
        } catch (IOException | StoreException e) {
            err.println("bridle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bridle: interrupted");
            return ExitCodes.INTERRUPTED;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        err.println(String.format(Locale.ROOT, "whatif: %,d runs replayed in %.1f s on %d thread(s)",
                report.replayed(), seconds, threads));
        out.print(CorpusReportWriter.markdown(report, CONSOLE_ROWS));
        out.flush();
        if (reportFile != null) {
            try {
                CorpusReportWriter.write(report, reportFile);
            } catch (IOException e) {
                err.println("bridle: cannot write " + reportFile + ": " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
        if (!report.unreadable().isEmpty()) {
            report.unreadable().forEach(u -> err.println("bridle: " + u.id() + ": " + u.why()));
            return ExitCodes.BAD_INPUT;
        }
        return report.outcomeChanges().isEmpty() ? ExitCodes.OK : ExitCodes.WARNINGS;
    }

    private CorpusReport replay(Harness harness, List<CorpusRun> runs, int threads, String where)
            throws InterruptedException {
        if (runs.isEmpty()) {
            err.println("whatif: no recorded runs in " + where);
        }
        ProgressMeter meter = ProgressMeter.forConsole(err, Duration.ofMillis(200));
        CorpusReport report = CorpusWhatIf.replay(harness, runs, threads, meter);
        meter.finish();
        return report;
    }
}
