package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bridle.Samples;
import dev.bridle.model.DeadServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bridle run} against a model that is not there: the run fails fast with the reason, and the timeouts are
 * options of the command.
 */
class LiveModelFailuresTest {

    /** Far above the 2 s the defaults allow, far below the 18 s an unreachable model used to take. */
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    record Result(int code, String out, String err, Duration took) {
        String lastLine() {
            List<String> lines = out.lines().toList();
            return lines.isEmpty() ? "" : lines.getLast();
        }
    }

    private Result bridle(String model, String... more) {
        List<String> args = new ArrayList<>(List.of("run", Samples.harness("runaway-agent").toString(),
                "--model", model, "--task", "Which services call billing-v1?", "--workspace", dir.toString(),
                "--no-record"));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void aClosedPortFailsTheRunAtOnceAsUnreachable() {
        int port = DeadServers.closedPort();

        Result r = bridle("ollama:http://127.0.0.1:" + port + "#llama3.2");

        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.lastLine()).isEqualTo(
                "failed at step 0: model unreachable (connection refused: http://127.0.0.1:" + port + ")");
        assertThat(r.err()).isEmpty();
        assertThat(r.took()).isLessThan(GENEROUS);
    }

    @Test
    void aServerThatTakesNoConnectionFailsTheRunAfterTheTwoSecondDefault() {
        Optional<DeadServers.Listener> dropping = DeadServers.silentlyDropping();
        assumeTrue(dropping.isPresent(), "this system answers connection attempts to a full queue");
        try (DeadServers.Listener listener = dropping.get()) {
            String url = "http://127.0.0.1:" + listener.port() + "/v1";

            Result r = bridle("openai:" + url + "#qwen2.5");

            assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(r.lastLine()).isEqualTo("failed at step 0: model unreachable (no connection within 2s: "
                    + url + ")");
            assertThat(r.took()).isLessThan(GENEROUS);
        }
    }

    @Test
    void modelTimeoutBoundsTheWaitForAServerThatNeverAnswers() {
        try (DeadServers.Listener silent = DeadServers.acceptingAndSilent()) {
            String url = "http://127.0.0.1:" + silent.port();

            Result r = bridle("ollama:" + url + "#llama3.2", "--model-timeout", "1s");

            assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(r.lastLine()).isEqualTo("failed at step 0: model timed out (no answer within 1s: " + url + ")");
            assertThat(r.took()).isLessThan(GENEROUS);
        }
    }

    @Test
    void theHarnessDeadlineCancelsAModelCallToAServerThatNeverAnswers() throws Exception {
        Path harness = dir.resolve("tight.harness.yaml");
        Files.writeString(harness, Files.readString(Samples.harness("runaway-agent"))
                .replace("deadline: 2m", "deadline: 2s"));
        try (DeadServers.Listener silent = DeadServers.acceptingAndSilent()) {
            String url = "http://127.0.0.1:" + silent.port();
            StringWriter out = new StringWriter();
            long start = System.nanoTime();
            // The request timeout stays at its default (two minutes): only the deadline can end this run in time.
            int code = Main.execute(new String[] {"run", harness.toString(), "--model", "ollama:" + url + "#llama3.2",
                    "--task", "Which services call billing-v1?", "--workspace", dir.toString(), "--no-record"},
                    new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(code).as(out.toString()).isEqualTo(ExitCodes.STOPPED);
            assertThat(out.toString().lines().toList().getLast())
                    .isEqualTo("stopped by guard 'deadline' (deadline=2s (the model call was cancelled)) at step 0");
            assertThat(took).isLessThan(GENEROUS);
        }
    }

    @Test
    void modelConnectTimeoutIsAnOptionToo() {
        Optional<DeadServers.Listener> dropping = DeadServers.silentlyDropping();
        assumeTrue(dropping.isPresent(), "this system answers connection attempts to a full queue");
        try (DeadServers.Listener listener = dropping.get()) {
            String url = "http://127.0.0.1:" + listener.port();

            Result r = bridle("ollama:" + url + "#llama3.2", "--model-connect-timeout", "500ms");

            assertThat(r.lastLine()).isEqualTo("failed at step 0: model unreachable (no connection within 500ms: "
                    + url + ")");
        }
    }

    @Test
    void aTimeoutThatIsNotADurationIsBadInputInOneLine() {
        Result r = bridle("ollama:llama3.2", "--model-timeout", "3x");

        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("bridle: --model-timeout: '3x' is not a duration; write it as 500ms, 30s, 5m"
                + " or 1h" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aZeroTimeoutIsBadInput() {
        Result r = bridle("ollama:llama3.2", "--model-connect-timeout", "0s");

        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("bridle: --model-connect-timeout: a timeout must be longer than 0"
                + System.lineSeparator());
    }
}
