package dev.bridle.cli;

import dev.bridle.engine.Bindings;
import dev.bridle.engine.RunResult;
import dev.bridle.event.EventSink;
import dev.bridle.model.ModelBinding;
import dev.bridle.model.RemoteModel;
import dev.bridle.model.ServerConfig;
import dev.bridle.model.Surroundings;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Durations;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.ScenarioReader;
import dev.bridle.scenario.LiveRun;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.store.Durability;
import dev.bridle.store.RunStore;
import dev.bridle.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "A scenario: its task, tool stubs, workspace and approval answers (and, with the mock"
                    + " model, its scripted turns).")
    Path scenario;

    @Option(names = "--model", paramLabel = "BINDING", defaultValue = "mock",
            description = "mock (default), ollama:MODEL, ollama:URL#MODEL or openai:URL#MODEL. An API key is read"
                    + " only from the environment variable OPENAI_API_KEY.")
    String model;

    @Option(names = "--task", paramLabel = "TEXT", description = "The user's request, for a run without a scenario.")
    String task;

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "The folder the built-in tools work in, for a run without a scenario (default: a new"
                    + " empty temporary folder).")
    Path workspace;

    @Option(names = "--approval-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long a question waits for y/n before it counts as a rejection (default: 60).")
    long approvalTimeout;

    @Option(names = "--model-timeout", paramLabel = "DURATION",
            description = "How long a live model may take to answer one request, e.g. 300s or 5m (default: 120s)."
                    + " A request that times out is not retried.")
    String modelTimeout;

    @Option(names = "--model-connect-timeout", paramLabel = "DURATION",
            description = "How long to wait for a live model's server to accept a connection (default: 2s). A"
                    + " server that refuses it fails the run at once.")
    String modelConnectTimeout;

    @Option(names = "--no-record", description = "Do not write the run to the store.")
    boolean noRecord;

    @Option(names = "--durability", paramLabel = "MODE", defaultValue = "batch",
            converter = DurabilityConverter.class,
            description = "What a crash (kill -9) of this command may lose of the recorded run: step (every step is"
                    + " committed before the next begins), batch (default: at most the last 50 ms of events) or end"
                    + " (one commit at the end; the run's row survives and reads interrupted).")
    Durability durability;

    @Option(names = {"-q", "--quiet"}, description = "Print only the last line.")
    boolean quiet;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelBinding binding;
        try {
            binding = ModelBinding.parse(model);
        } catch (IllegalArgumentException e) {
            err.println("bridle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (binding instanceof ModelBinding.Remote remote) {
            try {
                binding = withTimeouts(remote);
            } catch (IllegalArgumentException e) {
                err.println("bridle: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
        if (binding instanceof ModelBinding.Mock && scenario == null) {
            err.println("bridle: the mock model plays a scenario's script: add --scenario FILE");
            return ExitCodes.BAD_INPUT;
        }
        if (!(binding instanceof ModelBinding.Mock) && scenario == null && (task == null || task.isBlank())) {
            err.println("bridle: a run with a live model needs --task TEXT (or a --scenario with a task)");
            return ExitCodes.BAD_INPUT;
        }
        HarnessReader.Loaded h;
        Optional<ScenarioReader.Loaded> s = Optional.empty();
        try {
            h = HarnessReader.read(harness);
            if (scenario != null) {
                ScenarioReader.Loaded loaded = ScenarioReader.read(scenario);
                // The scenario's expectations are written against one harness; validate checks it that way too.
                ScenarioReader.requireHarness(loaded, harness);
                s = Optional.of(loaded);
            }
        } catch (DocumentException e) {
            e.problems().forEach(p -> err.println(p.render()));
            return ExitCodes.BAD_INPUT;
        }
        h.warnings().forEach(p -> err.println(p.render()));
        EventSink printer = e -> {
            if (!quiet) {
                out.println(Timeline.line(e));
            }
        };
        try (RunStore runs = noRecord ? null : RunStore.openToRecord(store.url(), durability)) {
            Optional<RunStore> recordTo = Optional.ofNullable(runs);
            RunResult result;
            if (binding instanceof ModelBinding.Mock) {
                // The timeline is printed as it happens and the store has the run: keeping its events in memory
                // too would make a long run's memory grow with its length.
                ScenarioRunner runner = new ScenarioRunner(recordTo, Clock.systemUTC(),
                        () -> UUID.randomUUID().toString()).keepingLast(0);
                result = runner.run(h, s.get(), printer).result();
            } else {
                result = live(binding, h, s, recordTo, printer, out);
            }
            if (runs != null && !quiet) {
                out.println("recorded in " + runs.url());
            }
            out.println(result.headline());
            return ExitCodes.of(result.outcome());
        } catch (StoreException e) {
            err.println("bridle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    /** The binding with the timeouts the options set; the defaults of {@link ServerConfig} otherwise. */
    private ModelBinding.Remote withTimeouts(ModelBinding.Remote remote) {
        ServerConfig server = remote.server();
        Duration connect = duration("--model-connect-timeout", modelConnectTimeout, server.connectTimeout());
        Duration request = duration("--model-timeout", modelTimeout, server.requestTimeout());
        return remote.with(server.withTimeouts(connect, request));
    }

    private static Duration duration(String option, String text, Duration otherwise) {
        if (text == null) {
            return otherwise;
        }
        Duration d = Durations.parse(text).orElseThrow(() -> new IllegalArgumentException(
                option + ": '" + text + "' is not a duration; write it as 500ms, 30s, 5m or 1h"));
        if (d.isZero()) {
            throw new IllegalArgumentException(option + ": a timeout must be longer than 0");
        }
        return d;
    }

    private RunResult live(ModelBinding binding, HarnessReader.Loaded h, Optional<ScenarioReader.Loaded> s,
            Optional<RunStore> runs, EventSink printer, PrintWriter out) throws IOException {
        RemoteModel remote = binding.live(Surroundings.system())
                .orElseThrow(() -> new IllegalStateException("mock is not live"));
        try {
            if (s.isPresent()) {
                ScenarioRunner runner = new ScenarioRunner(runs, Clock.systemUTC(),
                        () -> UUID.randomUUID().toString()).keepingLast(0);
                return runner.prepare(h, s.get(), printer, remote, Bindings.Pause.sleeping()).run().result();
            }
            Path folder = workspace != null ? workspace : Files.createTempDirectory("bridle-workspace-");
            if (!quiet) {
                out.println("workspace: " + folder.toAbsolutePath());
            }
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            try (ConsoleApprover approver = new ConsoleApprover(stdin, out, Duration.ofSeconds(approvalTimeout))) {
                return LiveRun.run(h, task, remote, folder, approver, runs, Clock.systemUTC(),
                        () -> UUID.randomUUID().toString(), printer);
            }
        } finally {
            remote.close();
        }
    }

    /** Reads {@code step}, {@code batch} or {@code end}; anything else is a one-line usage error. */
    static final class DurabilityConverter implements ITypeConverter<Durability> {
        @Override
        public Durability convert(String value) {
            try {
                return Durability.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
