package dev.bridle.cli;

import dev.bridle.export.RunJournal;
import dev.bridle.export.WhatIf;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bridle whatif}: a recorded run replayed offline against another harness. */
@Command(
        name = "whatif",
        description = "Replay a recorded run (JSON lines from bridle record) against another harness, offline: the"
                + " recorded model replies and tool results, never a model. Prints every decision that differs, the"
                + " first divergence and the new outcome. Exit code: 0 same decisions, 1 different, 2 bad input.")
final class WhatIfCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--jsonl", required = true, paramLabel = "FILE", description = "The recorded run.")
    Path jsonl;

    @Option(names = "--harness", required = true, paramLabel = "NEW.harness.yaml")
    Path harness;

    @Override
    public Integer call() {
        Harness h;
        try {
            h = HarnessReader.read(harness).harness();
        } catch (DocumentException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println(p.render()));
            return ExitCodes.BAD_INPUT;
        }
        RunJournal.Recorded recorded;
        try {
            if (!Files.isRegularFile(jsonl)) {
                spec.commandLine().getErr().println("bridle: " + jsonl + ": no such file");
                return ExitCodes.BAD_INPUT;
            }
            recorded = RunJournal.read(jsonl);
        } catch (IOException e) {
            spec.commandLine().getErr().println("bridle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        WhatIf.Report r = WhatIf.run(h, recorded);
        spec.commandLine().getOut().print(WhatIf.render(h, r));
        spec.commandLine().getOut().flush();
        return r.same() ? ExitCodes.OK : ExitCodes.WARNINGS;
    }
}
