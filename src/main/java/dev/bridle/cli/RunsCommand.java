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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bridle runs}: the run history in the store: list, show, compare, export, import (which together move runs
 * between stores, H2 and PostgreSQL), delete and prune.
 */
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
            RunsCommand.Delete.class,
            RunsCommand.Prune.class
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
            spec.commandLine().getErr().println("bridle: no run '" + id + "' in " + RunStore.shown(store.url()));
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

    @Command(name = "export", description = {"Write a run as JSONL (what `runs import` and what-if read).",
        "With --all, every run that ended, each as DIR/RUN.jsonl, oldest first: `runs import DIR` into another"
                + " store moves them there."})
    static final class Export extends StoreAction {
        @Parameters(paramLabel = "RUN", arity = "0..1")
        String id;

        @Option(names = "--all", description = "Every run that ended, into the folder --out names.")
        boolean all;

        @Option(names = "--out", required = true, paramLabel = "FILE|DIR")
        Path file;

        @Override
        int run(RunStore runs, PrintWriter out) throws IOException {
            if (all == (id != null)) {
                spec.commandLine().getErr().println("bridle: name one RUN, or --all with --out DIR");
                return ExitCodes.BAD_INPUT;
            }
            if (all) {
                return exportAll(runs, out);
            }
            if (runs.run(id).isEmpty()) {
                return unknown(id);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                runs.exportRun(id, w);
            }
            out.println("wrote " + file);
            return ExitCodes.OK;
        }

        private int exportAll(RunStore runs, PrintWriter out) throws IOException {
            Files.createDirectories(file);
            // Runs still being recorded are left out: their file would be cut short, and import would call them
            // interrupted.
            java.util.List<RunSummary> ended = runs.runs(RunFilter.all().limit(Integer.MAX_VALUE)).reversed().stream()
                    .filter(r -> r.outcome().isPresent())
                    .toList();
            for (RunSummary r : ended) {
                Path target = file.resolve(r.id() + ".jsonl");
                // Written beside the target and moved in place, so that an interrupted export leaves no half file.
                Path partial = file.resolve(r.id() + ".jsonl.partial");
                try (Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                    runs.exportRun(r.id(), w);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            out.println("wrote " + ended.size() + " runs to " + file);
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", description = {"Read runs from JSONL files (or folders of them) into the store.",
        "A run keeps its id unless the store has one of that id already. Each file is imported whole or not at"
                + " all; a bad file is named and the others are still imported."})
    static final class Import extends StoreAction {
        @Parameters(paramLabel = "FILE|DIR", arity = "1..*")
        java.util.List<Path> files;

        @Override
        int run(RunStore runs, PrintWriter out) throws IOException {
            int code = ExitCodes.OK;
            for (Path f : expand(files)) {
                try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    out.println("imported run " + runs.importRun(r));
                } catch (IllegalArgumentException | StoreException e) {
                    spec.commandLine().getErr().println("bridle: " + f + ": " + e.getMessage());
                    code = ExitCodes.BAD_INPUT;
                }
            }
            return code;
        }

        private static java.util.List<Path> expand(java.util.List<Path> paths) throws IOException {
            java.util.List<Path> out = new ArrayList<>();
            for (Path p : paths) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> in = Files.list(p)) {
                        in.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().forEach(out::add);
                    }
                } else {
                    out.add(p);
                }
            }
            return out;
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

    @Command(name = "prune", description = {"Delete runs older than an age (retention).",
        "Runs still being recorded are never pruned."})
    static final class Prune extends StoreAction {
        @Option(names = "--older-than", required = true, paramLabel = "AGE",
                description = "Runs started longer ago than this: 30d, 12h, 90m, 2w.")
        String olderThan;

        @Option(names = "--keep-failed", description = "Keep runs whose outcome is failed, however old.")
        boolean keepFailed;

        @Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
        boolean dryRun;

        @Override
        int run(RunStore runs, PrintWriter out) {
            Optional<Duration> age = age(olderThan);
            if (age.isEmpty()) {
                spec.commandLine().getErr().println("bridle: --older-than takes a number and a unit (d, h, m, s or"
                        + " w), like 30d; not '" + olderThan + "'");
                return ExitCodes.BAD_INPUT;
            }
            Instant cutoff = Instant.now().minus(age.get());
            java.util.List<RunSummary> old = runs.runs(RunFilter.all().startedBetween(Instant.EPOCH, cutoff)
                            .limit(Integer.MAX_VALUE)).stream()
                    .filter(r -> r.outcome().isPresent())
                    .filter(r -> !keepFailed || r.outcome().get() != Outcome.FAILED)
                    .toList();
            if (dryRun) {
                out.println("would delete " + old.size() + " runs started before " + cutoff + ":");
                for (RunSummary r : old) {
                    out.println("  " + r.id() + "  " + r.startedAt() + "  " + r.outcome().get().word() + "  "
                            + r.harness());
                }
                return ExitCodes.OK;
            }
            int deleted = runs.delete(old.stream().map(RunSummary::id).toList());
            out.println("deleted " + deleted + " runs started before " + cutoff);
            return ExitCodes.OK;
        }

        /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}, {@code 2w}; empty when it is none of these. */
        static Optional<Duration> age(String text) {
            Matcher m = AGE.matcher(text.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "w" -> Duration.ofDays(7 * n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }

        private static final Pattern AGE = Pattern.compile("(\\d{1,6})([wdhms])");
    }

    private RunsCommand() {}
}
