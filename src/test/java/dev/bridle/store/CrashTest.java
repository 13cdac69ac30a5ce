package dev.bridle.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording process killed with SIGKILL at a random moment, twenty times over the same store: each time the store
 * opens, the run's events run from 1 without a gap at least to the last step the process saw committed, and the run
 * reads {@code interrupted}. Each child also opens the store after the previous kill, so crashes pile up.
 */
class CrashTest {

    private static final int KILLS = 20;

    /** The last kills use the default URL (AUTO_SERVER, H2's FILE lock), whose stale lock costs ~4 s per reopen. */
    private static final int KILLS_WITH_THE_DEFAULT_URL = 2;

    @TempDir
    Path dir;

    @Test
    void everyCommittedStepSurvivesKillNine() throws Exception {
        String defaultUrl = RunStore.fileUrl(dir.resolve("runs"));
        // An OS file lock is released when the process dies, so reopening after a kill does not wait on H2's lock file.
        String fastUrl = "jdbc:h2:file:" + dir.resolve("runs").toAbsolutePath() + ";FILE_LOCK=FS";
        Random random = new Random(20261123);
        long started = System.nanoTime();
        for (int i = 0; i < KILLS; i++) {
            String runId = "crash-" + i;
            String url = i < KILLS - KILLS_WITH_THE_DEFAULT_URL ? fastUrl : defaultUrl;
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                            "-cp", System.getProperty("java.class.path"),
                            CrashingRecorder.class.getName(), url, runId)
                    .redirectError(dir.resolve("child-" + i + ".err").toFile())
                    .start();
            AtomicLong durable = new AtomicLong();
            CountDownLatch recording = new CountDownLatch(1);
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.startsWith("durable ")) {
                            durable.set(Long.parseLong(line.substring(8)));
                            recording.countDown();
                        }
                    }
                } catch (java.io.IOException e) {
                    // the pipe closes when the child dies
                }
            });
            assertThat(recording.await(30, TimeUnit.SECONDS)).as("child %d started recording", i).isTrue();
            Thread.sleep(random.nextInt(600));
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            long reported = durable.get();

            try (RunStore store = RunStore.open(url)) {
                List<RunEvent> events = store.events(runId);
                for (int k = 0; k < events.size(); k++) {
                    assertThat(events.get(k).seq()).as("event %d of run %s", k, runId).isEqualTo(k + 1);
                }
                assertThat((long) events.size()).as("events kept of run %s", runId).isGreaterThanOrEqualTo(reported);
                RunSummary run = store.run(runId).orElseThrow();
                assertThat(run.outcome()).contains(Outcome.INTERRUPTED);
                assertThat(run.reason()).isEqualTo("the process ended before the run did");
            }
        }
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(180);
    }
}
