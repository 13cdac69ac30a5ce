package dev.bridle.cli;

import dev.bridle.engine.Approver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the person at the terminal: the question names the rule and the resource; {@code y} approves, anything else
 * rejects, and no answer within the timeout counts as a rejection.
 */
final class ConsoleApprover implements Approver, AutoCloseable {

    private final BufferedReader in;
    private final PrintWriter out;
    private final Duration timeout;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bridle-console");
        t.setDaemon(true);
        return t;
    });

    ConsoleApprover(BufferedReader in, PrintWriter out, Duration timeout) {
        this.in = in;
        this.out = out;
        this.timeout = timeout;
    }

    @Override
    public Answer answer(Question q) {
        out.printf("? %s%n  approve? [y/N] (%ds) ", q.question(), timeout.toSeconds());
        out.flush();
        Future<String> line = reader.submit(in::readLine);
        try {
            String answer = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            boolean yes = answer != null && (answer.strip().equalsIgnoreCase("y")
                    || answer.strip().equalsIgnoreCase("yes"));
            return new Answer(yes, answer == null ? "end of input" : "user");
        } catch (TimeoutException e) {
            line.cancel(true);
            out.println();
            return new Answer(false, "timeout after " + timeout.toSeconds() + "s");
        } catch (Exception e) {
            return new Answer(false, "no answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() throws IOException {
        reader.shutdownNow();
    }
}
