package dev.bridle.cli;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import dev.bridle.store.Divergence;
import dev.bridle.store.EventQuery;
import dev.bridle.store.PermissionCount;
import dev.bridle.store.RunFilter;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import dev.bridle.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bridle runs}: the run history in the store: list, show, compare, export, import, delete. */
@Command(
        name = "runs",
        description = "The run history in the store.",
        subcommands = {
            RunsCommand.List.class,
            RunsCommand.Show.class,
            RunsCommand.Permissions.class,
            RunsCommand.Compare.class,
            RunsCommand.Export.class,
            RunsCommand.Import.class,
            RunsCommand.Delete.class
        })
final class RunsCommand {

    /** Opens the store, runs the action, and turns store failures into one line and exit code 2. */
    abstract static class StoreAction implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        abstract int run(RunStore runs, PrintWriter out) throws IOException;

        @Override
        public Integer call() throws IOException {
            try (RunStore runs = RunStore.open(store.url())) {
                int code = run(runs, spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                return code;
            } catch (StoreException e) {
                spec.commandLine().getErr().println("bridle: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }

        int unknown(String id) {
            spec.commandLine().getErr().println("bridle: no run '" + id + "' in " + store.url());
            return ExitCodes.BAD_INPUT;
        }
    }

    @Command(name = "list", description = "Runs, newest first.")
    static final class List extends StoreAction {
        @Option(names = "--harness", paramLabel = "NAME")
        String harness;

        @Option(names = "--outcome", paramLabel = "OUTCOME", description = "completed, stopped, failed or interrupted")
        String outcome;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        int run(RunStore runs, PrintWriter out) {
            RunFilter filter = RunFilter.all().limit(limit);
            if (harness != null) {
                filter = filter.harness(harness);
            }
            if (outcome != null) {
                Optional<Outcome> o = Outcome.ofWord(outcome);
                if (o.isEmpty()) {
                    spec.commandLine().getErr().println("bridle: outcome must be one of completed, stopped, failed,"
                            + " interrupted; not '" + outcome + "'");
                    return ExitCodes.BAD_INPUT;
                }
                filter = filter.outcome(o.get());
            }
            for (RunSummary r : runs.runs(filter)) {
                out.printf("%-36s  %-24s  %-11s  %4d steps  %-10s  %s%n", r.id(), r.startedAt(),
                        r.outcome().map(Outcome::word).orElse("open"), r.steps(),
                        r.rule() == null ? "" : r.rule(), r.harness() + " (" + r.model() + ")");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "A run's timeline, read back from the store.")
    static final class Show extends StoreAction {
        private static final int PAGE = 1_000;

        @Parameters(paramLabel = "RUN")
        String id;

        @Override
        int run(RunStore runs, PrintWriter out) {
            Optional<RunSummary> r = runs.run(id);
            if (r.isEmpty()) {
                return unknown(id);
            }
            // A page at a time, so that a reader that stops early (`| head`) stops the reading too: the first write
            // after it has gone throws OutputClosedException.
            long from = 0;
            java.util.List<RunEvent> page;
            do {
                page = runs.events(id, EventQuery.from(from, PAGE));
                for (RunEvent e : page) {
                    out.println(Timeline.line(e));
                    from = e.seq() + 1;
                }
            } while (page.size() == PAGE);
            RunSummary s = r.get();
            out.println(s.outcome().map(Outcome::word).orElse("open") + (s.reason() == null ? "" : ": " + s.reason()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "permissions", description = "A run's permission checks, counted by effect and rule.")
    static final class Permissions extends StoreAction {
        @Parameters(paramLabel = "RUN")
        String id;

        @Override
        int run(RunStore runs, PrintWriter out) {
            if (runs.run(id).isEmpty()) {
                return unknown(id);
            }
            for (PermissionCount c : runs.permissionChecks(id)) {
                out.printf("%-6s %-24s %d%n", c.effect(), c.rule(), c.checks());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "compare", description = "The first event where two runs differ.")
    static final class Compare extends StoreAction {
        @Parameters(index = "0", paramLabel = "RUN")
        String left;

        @Parameters(index = "1", paramLabel = "OTHER")
        String right;

        @Override
        int run(RunStore runs, PrintWriter out) {
            for (String id : java.util.List.of(left, right)) {
                if (runs.run(id).isEmpty()) {
                    return unknown(id);
                }
            }
            Optional<Divergence> d = runs.firstDivergence(left, right);
            if (d.isEmpty()) {
                out.println("the runs do not differ (timestamps aside)");
                return ExitCodes.OK;
            }
            out.println("first divergence at event " + d.get().seq() + ":");
            out.println("  " + left + ": " + d.get().left().map(Timeline::line).orElse("(no event)"));
            out.println("  " + right + ": " + d.get().right().map(Timeline::line).orElse("(no event)"));
            return ExitCodes.WARNINGS;
        }
    }

    @Command(name = "export", description = "Write a run as JSONL (what `runs import` and what-if read).")
    static final class Export extends StoreAction {
        @Parameters(paramLabel = "RUN")
        String id;

        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path file;

        @Override
        int run(RunStore runs, PrintWriter out) throws IOException {
            if (runs.run(id).isEmpty()) {
                return unknown(id);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                runs.exportRun(id, w);
            }
            out.println("wrote " + file);
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", description = "Read a run from JSONL into the store.")
    static final class Import extends StoreAction {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        int run(RunStore runs, PrintWriter out) throws IOException {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                out.println("imported run " + runs.importRun(r));
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("bridle: " + file + ": " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    @Command(name = "delete", description = "Delete runs and their events.")
    static final class Delete extends StoreAction {
        @Parameters(arity = "1..*", paramLabel = "RUN")
        java.util.List<String> ids;

        @Override
        int run(RunStore runs, PrintWriter out) {
            out.println("deleted " + runs.delete(ids) + " of " + ids.size() + " runs");
            return ExitCodes.OK;
        }
    }

    private RunsCommand() {}
}
