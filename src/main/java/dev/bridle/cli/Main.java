package dev.bridle.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bridle} command line. */
@Command(
        name = "bridle",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Design, run and test harnesses for AI agents.",
        subcommands = {RunCommand.class, ValidateCommand.class, TestCommand.class, SchemaCommand.class,
            ExplainCommand.class, RunsCommand.class, ExportCommand.class, VerifyBundleCommand.class,
            KeygenCommand.class, RecordCommand.class, WhatIfCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given output streams and returns the exit code (see {@link ExitCodes}). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Nobody sees a stack trace: one line, and the way to get more.
            commandLine.getErr().println("bridle: internal error: " + e
                    + (System.getenv("BRIDLE_DEBUG") == null ? " (set BRIDLE_DEBUG=1 for details)" : ""));
            if (System.getenv("BRIDLE_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.INTERNAL;
        });
        return cli.execute(args);
    }
}
