package dev.bridle.cli;

import dev.bridle.policy.Outcome;

/** The exit codes of every command, as the README documents them. */
public final class ExitCodes {

    /** The run completed; the documents are valid; every scenario passed. */
    public static final int OK = 0;
    /** Warnings with {@code --strict}; a scenario failed its expectations. */
    public static final int WARNINGS = 1;
    /** A file is missing or invalid, or the command line is wrong. */
    public static final int BAD_INPUT = 2;
    /** The run was stopped by a rule (a guard reached its limit). */
    public static final int STOPPED = 3;
    /** The run failed (the model was unreachable, a tool broke, an end node says failed). */
    public static final int FAILED = 4;
    /** The run was interrupted. */
    public static final int INTERRUPTED = 5;
    /** A bug in Bridle. */
    public static final int INTERNAL = 70;
    /**
     * Standard output was closed before the command finished ({@code bridle runs show RUN | head -1}): the command
     * stops at once, quietly. 141 is what a shell reports for a program ended by SIGPIPE, as {@code yes | head -1}.
     */
    public static final int CLOSED_OUTPUT = 141;

    private ExitCodes() {}

    public static int of(Outcome outcome) {
        return switch (outcome) {
            case COMPLETED -> OK;
            case STOPPED -> STOPPED;
            case FAILED -> FAILED;
            case INTERRUPTED -> INTERRUPTED;
        };
    }
}
