package dev.bridle.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ScopeType;

/** The {@code bridle} command line. */
@Command(
        name = "bridle",
        // INHERIT gives every subcommand, down to `runs show`, its own --help and --version.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Design, run and test harnesses for AI agents.",
        subcommands = {RunCommand.class, ValidateCommand.class, TestCommand.class, SchemaCommand.class,
            ExplainCommand.class, RunsCommand.class, ExportCommand.class, VerifyBundleCommand.class,
            KeygenCommand.class, RecordCommand.class, WhatIfCommand.class, GatewayCommand.class,
            HookCommand.class, ApproveCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        // Standard output through a stream that reports a closed pipe (System.out hides it), in the terminal's
        // encoding as System.out would write it.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(StdoutStream.open(), System.out.charset()), true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, out, err));
    }

    /**
     * Runs the CLI with the given output streams and returns the exit code (see {@link ExitCodes}). Both writers are
     * flushed before it returns, so that nothing written with {@code print} is lost when the program exits.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (OutputClosedException.isCause(e)) {
                return ExitCodes.CLOSED_OUTPUT;
            }
            // Nobody sees a stack trace: one line, and the way to get more.
            commandLine.getErr().println("bridle: internal error: " + e
                    + (System.getenv("BRIDLE_DEBUG") == null ? " (set BRIDLE_DEBUG=1 for details)" : ""));
            if (System.getenv("BRIDLE_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.INTERNAL;
        });
        // Help and version are printed outside the execution handler, and picocli would answer a closed output there
        // with a stack trace and exit code 1.
        IExecutionStrategy runLast = new CommandLine.RunLast();
        cli.setExecutionStrategy(parseResult -> {
            try {
                return runLast.execute(parseResult);
            } catch (OutputClosedException e) {
                return ExitCodes.CLOSED_OUTPUT;
            }
        });
        int code;
        try {
            code = cli.execute(args);
            out.flush();
        } catch (OutputClosedException e) {
            // The last lines, flushed here when the command printed without println.
            code = ExitCodes.CLOSED_OUTPUT;
        } finally {
            err.flush();
        }
        return code;
    }
}
