package dev.bridle.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** The file watch: what counts as a change, when a burst is over, and one report per burst on its own thread. */
class FileWatchTest {

    private static final long MS = 1_000_000;

    @TempDir
    Path temp;

    /** A watch whose thread is not started, to ask it directly what it would report. */
    private static FileWatch idle() throws Exception {
        return new FileWatch(FileSystems.getDefault().newWatchService(), FileWatch.QUIET, FileWatch.LONGEST_BURST,
                changes -> {});
    }

    @Test
    void aBurstIsOverOnlyOnceItHasBeenQuietForTheQuietPeriod() {
        Burst burst = new Burst(200 * MS, 2_000 * MS);
        Path file = Path.of("a.harness.yaml");
        assertThat(burst.waitNanos(0)).isEqualTo(-1);

        burst.touch(file, 0);
        burst.touch(file, 150 * MS);
        burst.touch(file, 300 * MS);

        assertThat(burst.takeIfOver(450 * MS)).isEmpty();
        assertThat(burst.waitNanos(450 * MS)).isEqualTo(50 * MS);
        assertThat(burst.takeIfOver(500 * MS)).containsExactly(file);
        assertThat(burst.waitNanos(500 * MS)).isEqualTo(-1);
    }

    @Test
    void aBurstThatNeverGoesQuietIsOverAfterTheLongestDuration() {
        Burst burst = new Burst(200 * MS, 1_000 * MS);
        Path a = Path.of("a");
        Path b = Path.of("b");
        for (long t = 0; t < 1_000 * MS; t += 100 * MS) {
            burst.touch(t % (200 * MS) == 0 ? a : b, t);
        }
        assertThat(burst.takeIfOver(999 * MS)).isEmpty();
        assertThat(burst.takeIfOver(1_000 * MS)).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void theProgramsOwnWriteIsNotAChange() throws Exception {
        Path file = Files.writeString(temp.resolve("a.harness.yaml"), "one");
        try (FileWatch watch = idle()) {
            watch.watch(file, "one");
            Files.writeString(file, "two");
            watch.watch(file, "two");

            assertThat(watch.changesAmong(List.of(file))).isEmpty();
        }
    }

    @Test
    void anotherProgramsWriteIsAChangeReportedOnce() throws Exception {
        Path file = Files.writeString(temp.resolve("a.harness.yaml"), "one");
        try (FileWatch watch = idle()) {
            watch.watch(file, "one");
            Files.writeString(file, "two");

            assertThat(watch.changesAmong(List.of(file))).containsExactly(new FileWatch.Change(file, false));
            assertThat(watch.changesAmong(List.of(file))).isEmpty();
        }
    }

    @Test
    void aDeletedFileIsReportedAsDeletedAndItsReturnAsAChange() throws Exception {
        Path file = Files.writeString(temp.resolve("a.harness.yaml"), "one");
        try (FileWatch watch = idle()) {
            watch.watch(file, "one");
            Files.delete(file);

            assertThat(watch.changesAmong(List.of(file))).containsExactly(new FileWatch.Change(file, true));

            Files.writeString(file, "one");
            assertThat(watch.changesAmong(List.of(file))).containsExactly(new FileWatch.Change(file, false));
        }
    }

    @Test
    void filesBesideAWatchedOneAreIgnoredAndUnwatchedOnesToo() throws Exception {
        Path file = Files.writeString(temp.resolve("a.harness.yaml"), "one");
        Path autosave = Files.writeString(temp.resolve(".a.harness.yaml.autosave"), "draft");
        try (FileWatch watch = idle()) {
            watch.watch(file, "one");
            assertThat(watch.changesAmong(List.of(autosave))).isEmpty();

            watch.unwatch(file);
            Files.writeString(file, "two");
            assertThat(watch.watches(file)).isFalse();
            assertThat(watch.changesAmong(List.of(file))).isEmpty();
        }
    }

    @Test
    void severalWritesInABurstAreReportedOnceAndAnOwnWriteNotAtAll() throws Exception {
        Path file = Files.writeString(temp.resolve("a.harness.yaml"), "one");
        List<List<FileWatch.Change>> reports = new CopyOnWriteArrayList<>();
        try (FileWatch watch = FileWatch.start(Duration.ofMillis(200), reports::add)) {
            watch.watch(file, "one");
            Files.writeString(file, "one");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> watch.bursts() == 1);
            assertThat(reports).isEmpty();

            // An editor saving in steps: truncate, write part, write the rest, touch again.
            Files.writeString(file, "");
            Files.writeString(file, "tw");
            Files.writeString(file, "two");
            Files.writeString(file, "two");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> watch.bursts() == 2);

            assertThat(reports).containsExactly(List.of(new FileWatch.Change(file.toAbsolutePath(), false)));
        }
    }
}
