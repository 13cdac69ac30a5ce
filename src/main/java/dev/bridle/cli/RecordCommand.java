package dev.bridle.cli;

import dev.bridle.event.RunEvent;
import dev.bridle.export.RunFacts;
import dev.bridle.export.RunJournal;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bridle record}: a scenario run written as JSON lines, for {@code bridle whatif}, without the store. */
@Command(
        name = "record",
        description = "Run a harness against a scenario and write the run as JSON lines (a header, then one event a"
                + " line). Exit code: the run's (0 completed, 3 stopped, 4 failed), 2 bad input.")
final class RecordCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HARNESS")
    Path harness;

    @Option(names = "--scenario", required = true, paramLabel = "FILE")
    Path scenario;

    @Option(names = "--jsonl", required = true, paramLabel = "OUT")
    Path jsonl;

    @Override
    public Integer call() throws IOException {
        HarnessReader.Loaded h;
        ScenarioReader.Loaded s;
        try {
            h = HarnessReader.read(harness);
            s = ScenarioReader.read(scenario);
        } catch (DocumentException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println(p.render()));
            return ExitCodes.BAD_INPUT;
        }
        ScenarioRunner.Report r = new ScenarioRunner(Optional.empty(), Clock.systemUTC(), () -> "record")
                .run(h, s, e -> {});
        String model = r.events().isEmpty() || !(r.events().getFirst()
                instanceof RunEvent.RunStarted started) ? "mock" : started.model();
        String text = RunJournal.write(new RunJournal.Header(h.harness().name(), model, s.scenario().task()),
                r.events(), RunFacts.ofScenario(s.scenario(), r.events()));
        if (jsonl.getParent() != null) {
            Files.createDirectories(jsonl.getParent());
        }
        Files.writeString(jsonl, text, StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("wrote " + r.events().size() + " events to " + jsonl + "; "
                + r.result().headline());
        return ExitCodes.of(r.result().outcome());
    }
}
