package dev.bridle.bench;

import dev.bridle.workspace.Manifest;
import dev.bridle.workspace.WorkspaceHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one workspace checkpoint and of one restore, for workspaces of 100, 10,000 and 100,000 files of 2 KiB
 * in folders of 100: {@code firstCheckpoint} reads and keeps every file (opening the history and checkpointing);
 * {@code laterCheckpoint} follows a change of 1% of the files; {@code restore} brings back a checkpoint after 1% of
 * the files changed. Each operation changes the workspace or the store, so the mode is single shot, with the 1%
 * change made before each invocation. Run with
 * {@code java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main WorkspaceCheckpointBench}
 * after {@code mvn test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class WorkspaceCheckpointBench {

    private static final int FILE_BYTES = 2048;

    @Param({"100", "10000", "100000"})
    public int files;

    private Path dir;
    private Path ws;
    private WorkspaceHistory history;
    private Manifest checkpoint;
    private WorkspaceHistory fresh;
    private int round;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("bridle-ckpt-bench-");
        ws = Files.createDirectory(dir.resolve("ws"));
        byte[] bytes = new byte[FILE_BYTES];
        for (int i = 0; i < files; i++) {
            Path folder = ws.resolve("d" + (i / 100));
            if (i % 100 == 0) {
                Files.createDirectory(folder);
            }
            fill(bytes, i, 0);
            Files.write(folder.resolve("f" + i + ".txt"), bytes);
        }
        history = WorkspaceHistory.open(ws, dir.resolve("store"), true);
        checkpoint = history.checkpoint();
    }

    /** Rewrites 1% of the files (at least one) with new bytes. */
    @Setup(Level.Invocation)
    public void changeOnePercent() throws IOException {
        round++;
        byte[] bytes = new byte[FILE_BYTES];
        int step = 100;
        for (int i = round % step; i < files; i += step) {
            fill(bytes, i, round);
            Files.write(ws.resolve("d" + (i / 100)).resolve("f" + i + ".txt"), bytes);
        }
    }

    @TearDown(Level.Invocation)
    public void closeFresh() {
        if (fresh != null) {
            fresh.close();
            fresh = null;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        history.close();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public Manifest firstCheckpoint() throws IOException {
        fresh = WorkspaceHistory.open(ws, true);
        return fresh.checkpoint();
    }

    @Benchmark
    public Manifest laterCheckpoint() throws IOException {
        return history.checkpoint();
    }

    @Benchmark
    public Object restore() throws IOException {
        return history.restore(checkpoint);
    }

    private static void fill(byte[] bytes, int file, int round) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + (file * 31 + round * 7 + i) % 26);
        }
        bytes[bytes.length - 1] = '\n';
    }
}
