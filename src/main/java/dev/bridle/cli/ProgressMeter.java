package dev.bridle.cli;

import dev.bridle.export.CorpusWhatIf;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress on stderr: a bar redrawn in place on a terminal, or a plain line every tenth of the way when stderr is a
 * file or a pipe (a CI log), so a log never fills with carriage returns.
 */
final class ProgressMeter implements CorpusWhatIf.Progress {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final long everyNanos;
    private long lastDrawn;
    private int lastTenth = -1;
    private boolean drawn;

    ProgressMeter(PrintWriter err, boolean terminal, Duration every) {
        this.err = err;
        this.terminal = terminal;
        this.everyNanos = every.toNanos();
    }

    /** A bar when this process's stderr is a terminal, lines otherwise. */
    static ProgressMeter forConsole(PrintWriter err, Duration every) {
        Console console = System.console();
        return new ProgressMeter(err, console != null && console.isTerminal(), every);
    }

    @Override
    public synchronized void done(int done, int total) {
        if (terminal) {
            long now = System.nanoTime();
            if (done == total || now - lastDrawn >= everyNanos) {
                lastDrawn = now;
                int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
                err.print(String.format(Locale.ROOT, "\r[%s%s] %,d/%,d runs %3d%%", "#".repeat(filled),
                        "-".repeat(WIDTH - filled), done, total, total == 0 ? 100 : done * 100L / total));
                err.flush();
                drawn = true;
            }
        } else {
            int tenth = total == 0 ? 10 : (int) ((long) done * 10 / total);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                err.println(String.format(Locale.ROOT, "whatif: %,d/%,d runs replayed", done, total));
                err.flush();
            }
        }
    }

    /** Ends the bar's line. */
    synchronized void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
