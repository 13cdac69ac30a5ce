package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code kill -9} guarantee of each {@link Durability}, tested on a child JVM that records an endless run and is
 * killed with SIGKILL ({@link Process#destroyForcibly()}) mid-run, twice per mode over the same store. After each
 * kill the store opens, the run reads {@code interrupted}, and its events run from 1 without a gap; with {@code step}
 * they reach at least the last step the child saw return; with {@code batch} every event handed more than the bound
 * (50 ms, plus the 1 ms the bound is sampled at) before the child's last hand-over is there; with {@code end} the
 * run's row is there, with whatever events happened to be committed. On both stores: on PostgreSQL the killed child's
 * server session ends with it, which is how the next open knows the run is no longer being recorded.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
class DurabilityKillTest {

    @Parameter
    StoreKind kind;

    private static final int KILLS = 2;
    private static final long BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(Recording.BOUND_MILLIS + 1);

    @TempDir
    Path dir;

    /** One line of the child: an event's sequence number and the child's clock before and after handing it. */
    record Handed(long seq, long before, long after) {}

    @ParameterizedTest(name = "{0}")
    @CsvSource({"step", "batch", "end"})
    void aKilledRecordingKeepsWhatItsDurabilityPromises(String mode) throws Exception {
        // An OS file lock dies with the process, so reopening after a kill does not wait for H2's lock file to age.
        String url = kind == StoreKind.H2
                ? "jdbc:h2:file:" + dir.resolve("runs").toAbsolutePath() + ";FILE_LOCK=FS"
                : kind.url(dir);
        for (int i = 0; i < KILLS; i++) {
            String runId = mode + "-" + i;
            List<Handed> handed = killMidRun(url, runId, mode, 300 + 400 * i);
            assertThat(handed).as("the child recorded some steps before the kill").isNotEmpty();
            try (RunStore store = openAfterKill(url, runId)) {
                RunSummary run = store.run(runId).orElseThrow();
                assertThat(run.outcome()).contains(Outcome.INTERRUPTED);
                assertThat(run.reason()).isEqualTo("the process ended before the run did");
                List<RunEvent> events = store.events(runId);
                for (int k = 0; k < events.size(); k++) {
                    assertThat(events.get(k).seq()).as("event %d of run %s", k, runId).isEqualTo(k + 1);
                }
                assertThat((long) events.size()).as("events kept of run %s", runId)
                        .isGreaterThanOrEqualTo(promised(mode, handed));
            }
        }
    }

    /**
     * Opens the store after the kill. The server notices a killed client's closed socket within moments, not at
     * once; until its session is gone the run is still (rightly) taken as being recorded, so look again a few times.
     */
    private static RunStore openAfterKill(String url, String runId) throws InterruptedException {
        for (int i = 0; ; i++) {
            RunStore store = RunStore.open(url);
            if (store.run(runId).orElseThrow().outcome().isPresent() || i == 50) {
                return store;
            }
            store.close();
            Thread.sleep(100);
        }
    }

    /** How many events the mode promises to keep, given what the child said before it died. */
    private static long promised(String mode, List<Handed> handed) {
        Handed last = handed.getLast();
        return switch (mode) {
            // accept returned after the step before this event was committed, with this event
            case "step" -> last.seq();
            // at the last hand-over, everything handed more than the bound earlier was committed
            case "batch" -> handed.stream()
                    .filter(h -> h.after() + BOUND_NANOS < last.before())
                    .mapToLong(Handed::seq)
                    .max()
                    .orElse(0);
            case "end" -> 0;
            default -> throw new IllegalArgumentException(mode);
        };
    }

    private List<Handed> killMidRun(String url, String runId, String mode, long millis) throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                        "-cp", System.getProperty("java.class.path"),
                        KilledRecorder.class.getName(), url, runId, mode)
                .redirectError(dir.resolve(runId + ".err").toFile())
                .start();
        List<Handed> handed = new ArrayList<>();
        CountDownLatch recording = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String[] f = line.split(" ");
                    if (f.length == 5 && f[0].equals("handed") && f[4].equals(".")) {
                        synchronized (handed) {
                            handed.add(new Handed(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
                        }
                        recording.countDown();
                    }
                }
            } catch (IOException e) {
                // the pipe closes when the child dies
            }
        });
        assertThat(recording.await(60, TimeUnit.SECONDS)).as("child %s started recording", runId).isTrue();
        Thread.sleep(millis);
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);
        synchronized (handed) {
            return List.copyOf(handed);
        }
    }
}
