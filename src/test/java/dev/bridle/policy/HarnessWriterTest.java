package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class HarnessWriterTest {

    private static Stream<Path> samples() throws IOException {
        return Files.list(Samples.FOLDER).filter(p -> p.toString().endsWith(".harness.yaml")).sorted();
    }

    @TestFactory
    Stream<DynamicTest> savingAndReadingBackGivesTheSameHarness() throws IOException {
        return samples().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Harness original = HarnessReader.read(p).harness();
            String yaml = HarnessWriter.yaml(original);
            assertThat(HarnessReader.parse("saved.yaml", yaml).harness()).isEqualTo(original);
            String json = HarnessWriter.json(original);
            assertThat(HarnessReader.parse("saved.json", json).harness()).isEqualTo(original);
        }));
    }

    @TestFactory
    Stream<DynamicTest> savingIsCanonicalTheSameHarnessGivesTheSameBytes() throws IOException {
        return samples().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String once = HarnessWriter.yaml(HarnessReader.read(p).harness());
            String twice = HarnessWriter.yaml(HarnessReader.parse("saved.yaml", once).harness());
            assertThat(twice).isEqualTo(once);
        }));
    }
}
