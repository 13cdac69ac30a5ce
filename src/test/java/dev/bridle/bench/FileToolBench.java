package dev.bridle.bench;

import dev.bridle.access.PathCheck;
import dev.bridle.access.PathScope;
import dev.bridle.model.ToolCall;
import dev.bridle.tool.FsRead;
import dev.bridle.tool.FsWrite;
import dev.bridle.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The file tools' cost per call with every check in place: a path-scope check of a path whose parents are missing
 * (nothing is created), an {@code fs.read} and an {@code fs.write} of a small file three folders deep (walked with
 * handles, opened with {@code openat}, link count checked with {@code statx} on Linux). Run with
 * {@code mvn -B -Pbench verify -Dbench.args=FileToolBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FileToolBench {

    private Path root;
    private PathScope scope;
    private FsRead read;
    private FsWrite write;
    private ToolCall readCall;
    private ToolCall writeCall;

    @Setup
    public void setUp() throws IOException {
        root = Files.createTempDirectory("bridle-bench-files-");
        Files.createDirectories(root.resolve("src/main/java"));
        Files.writeString(root.resolve("src/main/java/A.java"), "class A {}\n".repeat(20));
        scope = PathScope.of(root);
        read = new FsRead(scope);
        write = new FsWrite(scope);
        readCall = new ToolCall("fs.read", "{\"path\":\"src/main/java/A.java\"}");
        writeCall = new ToolCall("fs.write", "{\"path\":\"src/main/java/B.java\",\"content\":\"class B {}\"}");
    }

    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public PathCheck checkWithMissingParents() {
        return scope.check("src/new/deep/x.txt", PathScope.Intent.CREATE);
    }

    @Benchmark
    public ToolResult readSmallFile() {
        return read.call("a", readCall);
    }

    @Benchmark
    public ToolResult writeSmallFile() {
        return write.call("a", writeCall);
    }
}
