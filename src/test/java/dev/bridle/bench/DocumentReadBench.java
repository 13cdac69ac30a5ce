package dev.bridle.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.DocumentLimits;
import dev.bridle.policy.SourceDocument;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * Reading hostile documents. {@code worstCaseWithinLimits} parses documents of 1, 2 and 4 MiB made of the costliest
 * lines the limits allow (16,000 characters without a space), so that time per MiB shows whether reading is linear;
 * the 50 MB one-line file and text are refused before any parsing; {@code oneLineValueWithoutLimits} is the former
 * reader's cost for a 256 KiB one-line value, for comparison in the same run. Run with
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main DocumentReadBench -prof gc}
 * after {@code mvn test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DocumentReadBench {

    private static final ObjectMapper UNLIMITED = new ObjectMapper(new YAMLFactory());

    @Param({"1", "2", "4"})
    public int mib;

    private String worstCase;
    private String fiftyMegabyteText;
    private String oneLineValue;
    private Path folder;
    private Path fiftyMegabyteFile;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        StringBuilder sb = new StringBuilder();
        String token = "x".repeat(16_000);
        for (int i = 0; sb.length() < mib * 1024 * 1024 - 16_100; i++) {
            sb.append('k').append(i).append(": ").append(token).append('\n');
        }
        worstCase = sb.toString();
        fiftyMegabyteText = "name: " + "x".repeat(50_000_000) + "\n";
        oneLineValue = "name: " + "x".repeat(256 * 1024) + "\n";
        folder = Files.createTempDirectory("bridle-bench");
        fiftyMegabyteFile = folder.resolve("big.harness.yaml");
        try (RandomAccessFile f = new RandomAccessFile(fiftyMegabyteFile.toFile(), "rw")) {
            f.write("name: ".getBytes());
            f.setLength(50_000_000);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(fiftyMegabyteFile);
        Files.deleteIfExists(folder);
    }

    @Benchmark
    public Object worstCaseWithinLimits() throws DocumentException {
        return SourceDocument.parse("w.scenario.yaml", worstCase, DocumentLimits.SCENARIO).root();
    }

    @Benchmark
    public Object fiftyMegabyteOneLineFileIsRefused() {
        try {
            return SourceDocument.read(fiftyMegabyteFile);
        } catch (DocumentException e) {
            return e.problems();
        }
    }

    @Benchmark
    public Object fiftyMegabyteOneLineTextIsRefused() {
        try {
            return SourceDocument.parse("t.harness.yaml", fiftyMegabyteText);
        } catch (DocumentException e) {
            return e.problems();
        }
    }

    @Benchmark
    public Object oneLineValueWithoutLimits() throws IOException {
        return UNLIMITED.readTree(oneLineValue);
    }
}
