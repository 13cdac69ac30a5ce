package dev.bridle.cli;

import dev.bridle.export.RunJournal;
import dev.bridle.export.WhatIf;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import dev.bridle.store.StoreException;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bridle whatif}: a recorded run replayed offline against another harness. */
@Command(
        name = "whatif",
        description = {"Replay recorded runs against another harness, offline: the recorded model replies and tool"
                + " results, never a model.",
            "One run (--run or --jsonl): prints every decision that differs, the first divergence and the new"
                + " outcome. Exit code: 0 same decisions, 1 different, 2 bad input.",
            "A corpus (the store's runs, or --jsonl-dir; narrowed by --filter): replays every run on --jobs threads"
                + " and reports the runs whose outcome changes, the decisions that change by rule and the runs that"
                + " can no longer be decided offline (--report FILE.md|.json|.xml; .xml is JUnit XML, a failing test"
                + " per changed run). Exit code: 0 no outcome changes, 1 some outcomes change, 2 bad input or a run"
                + " that cannot be read."})
final class WhatIfCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--jsonl", paramLabel = "FILE", description = "The recorded run, as JSON lines.")
    Path jsonl;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "The recorded run, from the store (see --db).")
    String runId;

    @Mixin
    StoreOption store;

    @Option(names = "--harness", required = true, paramLabel = "NEW.harness.yaml")
    Path harness;

    @Option(names = "--jsonl-dir", paramLabel = "DIR",
            description = "A corpus of recorded runs: every *.jsonl file under DIR (instead of the store).")
    Path jsonlDir;

    @Option(names = "--filter", paramLabel = "harness=NAME,since=WHEN,outcome=WORD",
            description = "Only these runs of the corpus; since takes 2026-12-01, 2026-12-01T08:00:00Z or an age"
                    + " (7d, 12h, 30m); outcome one of completed, stopped, failed, interrupted.")
    String filter;

    @Option(names = "--jobs", paramLabel = "N", description = "Replay threads (default: the number of cores).")
    Integer jobs;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the corpus report to FILE: .md (Markdown), .json or .xml (JUnit XML).")
    Path report;

    @Override
    public Integer call() {
        Harness h;
        try {
            h = HarnessReader.read(harness).harness();
        } catch (DocumentException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println(p.render()));
            return ExitCodes.BAD_INPUT;
        }
        if (jsonl != null && runId != null) {
            spec.commandLine().getErr().println("bridle: give one of --jsonl FILE or --run RUN_ID, not both");
            return ExitCodes.BAD_INPUT;
        }
        if (jsonl == null && runId == null) {
            return new CorpusReplay(spec.commandLine().getOut(), spec.commandLine().getErr())
                    .run(h, jsonlDir, store.url(), filter, jobs, report);
        }
        if (jsonlDir != null || filter != null || jobs != null || report != null) {
            spec.commandLine().getErr().println("bridle: --jsonl-dir, --filter, --jobs and --report replay a corpus;"
                    + " leave out --run and --jsonl for that");
            return ExitCodes.BAD_INPUT;
        }
        RunJournal.Recorded recorded;
        try {
            if (runId != null) {
                recorded = fromStore();
                if (recorded == null) {
                    return ExitCodes.BAD_INPUT;
                }
            } else if (!Files.isRegularFile(jsonl)) {
                spec.commandLine().getErr().println("bridle: " + jsonl + ": no such file");
                return ExitCodes.BAD_INPUT;
            } else {
                recorded = RunJournal.read(jsonl);
            }
        } catch (IOException | StoreException e) {
            spec.commandLine().getErr().println("bridle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        WhatIf.Report r = WhatIf.run(h, recorded);
        spec.commandLine().getOut().print(WhatIf.render(h, r));
        spec.commandLine().getOut().flush();
        return r.same() ? ExitCodes.OK : ExitCodes.WARNINGS;
    }

    /** The run's JSON lines as the store exports them, read back as a recording; null when there is no such run. */
    private RunJournal.Recorded fromStore() throws IOException {
        try (RunStore runs = RunStore.open(store.url())) {
            if (runs.run(runId).isEmpty()) {
                spec.commandLine().getErr().println("bridle: no run '" + runId + "' in " + store.url());
                return null;
            }
            Path tmp = Files.createTempFile("bridle-run-", ".jsonl");
            try {
                try (Writer w = Files.newBufferedWriter(tmp)) {
                    runs.exportRun(runId, w);
                }
                return RunJournal.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
