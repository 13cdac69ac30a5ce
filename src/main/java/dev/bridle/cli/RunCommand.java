package dev.bridle.cli;

import dev.bridle.policy.DocumentException;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.store.RunStore;
import dev.bridle.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bridle run}: one run of a harness, printed as a timeline and recorded in the run store. */
@Command(
        name = "run",
        description = "Run a harness and print its timeline. Exit code: 0 completed, 3 stopped by a rule,"
                + " 4 failed, 5 interrupted, 2 bad input.")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HARNESS", description = "The harness file (.harness.yaml or .json).")
    Path harness;

    @Option(names = "--scenario", paramLabel = "FILE", description = "The scenario whose script the mock model plays.")
    Path scenario;

    @Option(names = "--model", paramLabel = "BINDING", defaultValue = "mock",
            description = "The model binding (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--no-record", description = "Do not write the run to the store.")
    boolean noRecord;

    @Option(names = {"-q", "--quiet"}, description = "Print only the last line.")
    boolean quiet;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!model.equals("mock")) {
            err.println("bridle: model binding '" + model + "' is not available in this build; use --model mock");
            return ExitCodes.BAD_INPUT;
        }
        if (scenario == null) {
            err.println("bridle: the mock model plays a scenario's script: add --scenario FILE");
            return ExitCodes.BAD_INPUT;
        }
        HarnessReader.Loaded h;
        ScenarioReader.Loaded s;
        try {
            h = HarnessReader.read(harness);
            s = ScenarioReader.read(scenario);
        } catch (DocumentException e) {
            e.problems().forEach(p -> err.println(p.render()));
            return ExitCodes.BAD_INPUT;
        }
        h.warnings().forEach(p -> err.println(p.render()));
        try (RunStore runs = noRecord ? null : RunStore.open(store.url())) {
            ScenarioRunner runner =
                    new ScenarioRunner(Optional.ofNullable(runs), Clock.systemUTC(), () -> UUID.randomUUID().toString());
            ScenarioRunner.Report report = runner.run(h, s, e -> {
                if (!quiet) {
                    out.println(Timeline.line(e));
                }
            });
            report.runId().ifPresent(id -> {
                if (!quiet) {
                    out.println("run " + id + " recorded in " + runs.url());
                }
            });
            out.println(report.result().headline());
            return ExitCodes.of(report.result().outcome());
        } catch (StoreException e) {
            err.println("bridle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }
}
