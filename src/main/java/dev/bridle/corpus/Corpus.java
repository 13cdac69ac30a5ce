package dev.bridle.corpus;

import dev.bridle.export.RunJournal;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where a what-if corpus comes from: a run store queried through its filter, or a folder of JSON-lines recordings. */
public final class Corpus {

    private Corpus() {}

    /**
     * The runs of {@code store} that pass {@code filter}, newest first, as the run list orders them. Their events are
     * read when a replay job reaches each run; the store's runs carry no task text and no tool variables.
     */
    public static List<CorpusRun> of(RunStore store, CorpusFilter filter) {
        return store.runs(filter.toRunFilter()).stream().map(s -> stored(store, s)).toList();
    }

    /** The given runs of {@code store} (a selection in the workbench's History). */
    public static List<CorpusRun> of(RunStore store, List<RunSummary> runs) {
        return runs.stream().map(s -> stored(store, s)).toList();
    }

    private static CorpusRun stored(RunStore store, RunSummary s) {
        return new CorpusRun() {
            @Override
            public String id() {
                return s.id();
            }

            @Override
            public Optional<RunJournal.Recorded> load() {
                // The store keeps no task: the header says so by an empty one, as its JSON-lines export does.
                return Optional.of(new RunJournal.Recorded(Optional.of(new RunJournal.Header(s.harness(), s.model(),
                        "")), store.events(s.id())));
            }
        };
    }

    /**
     * Every {@code *.jsonl} file under {@code dir}, in path order, each read (and filtered) when a job reaches it.
     *
     * @throws IOException when {@code dir} is not a readable folder
     */
    public static List<CorpusRun> of(Path dir, CorpusFilter filter) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .sorted().map(p -> file(dir, p, filter)).toList();
        }
    }

    private static CorpusRun file(Path dir, Path file, CorpusFilter filter) {
        String name = dir.relativize(file).toString().replace('\\', '/');
        String id = name.substring(0, name.length() - ".jsonl".length());
        return new CorpusRun() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Optional<RunJournal.Recorded> load() throws IOException {
                RunJournal.Recorded r = RunJournal.read(file);
                return filter.matches(r) ? Optional.of(r) : Optional.empty();
            }
        };
    }
}
