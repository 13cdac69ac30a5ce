package dev.bridle.corpus;

import dev.bridle.export.RunFacts;
import dev.bridle.export.RunJournal;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.store.RunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A generated corpus whose what-if changes are known by construction. Every run is recorded under {@link #RECORDED}
 * by the real engine from a scripted model; {@link #TIGHTER} then changes exactly these, by kind of run:
 * <ul>
 *   <li>{@link Kind#LONG}: 20 reads, within the recorded budget of 40 steps; the tighter budget of 12 stops it
 *       (completed → stopped by rule {@code budget});</li>
 *   <li>{@link Kind#SECRET}: reads {@code secrets/key.txt}, which rule {@code no-secrets} now denies (the outcome
 *       stays completed; the decision of rule {@code read} is replaced by one of {@code no-secrets});</li>
 *   <li>{@link Kind#SCRATCH}: reads {@code scratch/notes.md}, refused when recorded and allowed now by rule
 *       {@code scratch}: its result was never recorded, so the run can no longer be decided offline;</li>
 *   <li>{@link Kind#PLAIN}: reads {@code docs/} only; nothing changes.</li>
 * </ul>
 */
public final class CorpusFixture {

    /** The harness the corpus was recorded under. */
    public static final String RECORDED = """
            bridle: 1
            name: reader
            description: Reads the docs and answers.
            agents:
              reader:
                system: You read the docs and answer the question.
                tools: [fs.read]
            workflow:
              start: read
              nodes:
                read: { agent: reader, next: done }
                done: { end: completed }
            guards:
              - { id: budget, steps: { max: 40 } }
            permissions:
              default: deny
              rules:
                - { id: read, allow: fs.read, paths: ["docs/**", "secrets/**"] }
            """;

    /** The change under test: a tighter budget, secrets denied, scratch allowed. */
    public static final String TIGHTER = """
            bridle: 1
            name: reader
            description: Reads the docs and answers, in fewer steps, never the secrets.
            agents:
              reader:
                system: You read the docs and answer the question.
                tools: [fs.read]
            workflow:
              start: read
              nodes:
                read: { agent: reader, next: done }
                done: { end: completed }
            guards:
              - { id: budget, steps: { max: 12 } }
            permissions:
              default: deny
              rules:
                - { id: no-secrets, deny: fs.read, paths: ["secrets/**"] }
                - { id: read, allow: fs.read, paths: ["docs/**"] }
                - { id: scratch, allow: fs.read, paths: ["scratch/**"] }
            """;

    /** What a run does, and so what the tighter harness changes in it. */
    public enum Kind {
        PLAIN, LONG, SECRET, SCRATCH;

        List<String> paths() {
            return switch (this) {
                case PLAIN -> List.of("docs/a.md", "docs/b.md", "docs/c.md", "docs/d.md", "docs/e.md", "docs/f.md",
                        "docs/g.md", "docs/h.md");
                case LONG -> IntStream.range(0, 20).mapToObj(i -> "docs/part-" + i + ".md")
                        .toList();
                case SECRET -> List.of("docs/a.md", "secrets/key.txt", "docs/b.md", "docs/c.md");
                case SCRATCH -> List.of("docs/a.md", "scratch/notes.md", "docs/b.md", "docs/c.md");
            };
        }
    }

    private CorpusFixture() {}

    /** The kind of the {@code i}-th run of a corpus of {@code long}, {@code secret} and {@code scratch} runs. */
    public static Kind kindOf(int i, int longRuns, int secretRuns, int scratchRuns) {
        if (i < longRuns) {
            return Kind.LONG;
        } else if (i < longRuns + secretRuns) {
            return Kind.SECRET;
        } else if (i < longRuns + secretRuns + scratchRuns) {
            return Kind.SCRATCH;
        }
        return Kind.PLAIN;
    }

    static String scenario(Kind kind) {
        StringBuilder sb = new StringBuilder("""
                bridle: 1
                harness: ../recorded.harness.yaml
                task: Which services call billing-v1?
                model:
                  turns:
                """);
        for (String p : kind.paths()) {
            sb.append("    - calls:\n        - { tool: fs.read, args: { path: ").append(p).append(" } }\n");
        }
        sb.append("    - say: invoices and refunds call billing-v1.\n");
        sb.append("tools:\n  fs.read: { result: \"billing-v1 callers: invoices, refunds.\" }\n");
        return sb.toString();
    }

    /** Writes the recorded and the tighter harness into {@code dir}; returns the tighter one's path. */
    public static Path harnesses(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("recorded.harness.yaml"), RECORDED);
        Path tighter = dir.resolve("tighter.harness.yaml");
        Files.writeString(tighter, TIGHTER);
        return tighter;
    }

    /** One recording of each kind, as JSON lines (with a header and the run's facts), made by the engine. */
    public static Map<Kind, String> recordings(Path work) throws IOException, DocumentException {
        harnesses(work);
        Path scenarios = work.resolve("scenarios");
        Files.createDirectories(scenarios);
        HarnessReader.Loaded h = HarnessReader.read(work.resolve("recorded.harness.yaml"));
        Map<Kind, String> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            Path file = scenarios.resolve(k.name().toLowerCase() + ".scenario.yaml");
            Files.writeString(file, scenario(k));
            ScenarioReader.Loaded s = ScenarioReader.read(file);
            ScenarioRunner.Report r = new ScenarioRunner(Optional.empty(), Clock.fixed(Instant.EPOCH,
                    ZoneOffset.UTC), () -> "run-" + k).run(h, s, e -> {});
            out.put(k, RunJournal.write(new RunJournal.Header("reader", "mock:" + k, s.scenario().task()),
                    r.events(), RunFacts.ofScenario(s.scenario(), r.events())));
        }
        return out;
    }

    /**
     * Writes a corpus of {@code total} runs into {@code dir} as {@code run-00000.jsonl}…: the first {@code longRuns}
     * LONG, then SECRET, then SCRATCH, the rest PLAIN. Returns the kinds in file order.
     */
    public static List<Kind> writeCorpus(Path dir, Path work, int total, int longRuns, int secretRuns,
            int scratchRuns) throws IOException, DocumentException {
        Map<Kind, String> texts = recordings(work);
        Files.createDirectories(dir);
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            Kind k = kindOf(i, longRuns, secretRuns, scratchRuns);
            Files.writeString(dir.resolve(String.format("run-%05d.jsonl", i)), texts.get(k));
            kinds.add(k);
        }
        return kinds;
    }

    /** Records {@code total} runs into a store through the scenario runner, kinds as {@link #writeCorpus}. */
    public static void recordInto(RunStore store, Path work, int total, int longRuns, int secretRuns,
            int scratchRuns) throws IOException, DocumentException {
        harnesses(work);
        Path scenarios = work.resolve("scenarios");
        Files.createDirectories(scenarios);
        HarnessReader.Loaded h = HarnessReader.read(work.resolve("recorded.harness.yaml"));
        for (int i = 0; i < total; i++) {
            Kind k = kindOf(i, longRuns, secretRuns, scratchRuns);
            Path file = scenarios.resolve(k.name().toLowerCase() + ".scenario.yaml");
            Files.writeString(file, scenario(k));
            int n = i;
            new ScenarioRunner(Optional.of(store), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z")
                    .plusSeconds(60L * i), ZoneOffset.UTC), () -> String.format("run-%05d", n))
                    .run(h, ScenarioReader.read(file), e -> {});
        }
    }
}
