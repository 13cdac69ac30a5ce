package dev.bridle.cli;

import dev.bridle.corpus.CorpusWhatIf;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return new ProgressMeter(err, stderrIsTerminal(), every);
    }

    /**
     * Whether stderr is a terminal. {@link Console#isTerminal} answers for stdin and stdout, and the report usually
     * goes to a file ({@code > report.md}) while the bar belongs on the terminal; so on Linux stderr's own file is
     * asked, and elsewhere the console.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Console console = System.console();
            return console != null && console.isTerminal();
        }
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
