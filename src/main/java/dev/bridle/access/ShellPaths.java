package dev.bridle.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The words of a shell command that name paths, so that rules with {@code paths:} and the real-path check can judge
 * them: every argument (and every option's value: {@code --file=../x}, {@code -f../x}, {@code -ftop.txt}) that looks
 * like a path (has a {@code /}, starts with {@code .} or {@code ~}) or names an existing entry of the workspace. Scripts, programs
 * and subcommands that {@link ProgramArguments} recognises are left out ({@code sed 's/a/b/'}, {@code git status}).
 *
 * <p>Which words exist is told by an injected test on the raw word, so the permission check does no file-system
 * access of its own; without one ({@link #EVERY_WORD}), every plain word counts as a path, which can only deny more.
 */
public final class ShellPaths {

    /** The existence test used when there is no workspace: every word may name a file. */
    public static final Predicate<String> EVERY_WORD = word -> true;

    private ShellPaths() {}

    /**
     * The path words of a command line, as written; empty when the line is refused by the analysis (which decides
     * it on its own).
     *
     * @param named the programs rules name literally
     * @param exists whether a word names an existing entry of the workspace
     */
    public static List<String> of(String line, Set<String> named, Predicate<String> exists) {
        if (!(ShellCommand.parse(line, named) instanceof ShellCommand.Simple simple)) {
            return List.of();
        }
        return of(simple.argv(), ProgramArguments.analyse(simple.argv(), named).notPaths(), exists);
    }

    /**
     * The program of a command line when it is a relative path into the workspace ({@code ./tool}, {@code bin/x}):
     * the real-path check must judge it as it judges arguments, since a link there could lead to any program.
     */
    public static Optional<String> relativeProgram(String line, Set<String> named) {
        return ShellCommand.parse(line, named) instanceof ShellCommand.Simple simple
                && simple.program().indexOf('/') > 0 ? Optional.of(simple.program()) : Optional.empty();
    }

    static List<String> of(List<String> argv, Set<Integer> notPaths, Predicate<String> exists) {
        List<String> paths = new ArrayList<>();
        boolean optionsEnd = false;
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (notPaths.contains(i) || arg.isEmpty()) {
                continue;
            }
            if (!optionsEnd && arg.equals("--")) {
                optionsEnd = true;
            } else if (!optionsEnd && arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String value = eq < 0 ? "" : arg.substring(eq + 1);
                if (!value.isEmpty() && (looksLikePath(value) || exists.test(value))) {
                    paths.add(value);
                }
            } else if (!optionsEnd && arg.startsWith("-") && arg.length() > 1) {
                // A short option's attached value (-f../x, -ftop.txt, -nfx after flags) may start after any letter
                // of the cluster: every tail that looks like a path or names an entry counts. A cluster of flags
                // whose tail happens to name an entry (-la with a file 'a') is then judged as that path too.
                for (int k = 2; k < arg.length(); k++) {
                    String value = arg.substring(k);
                    if (looksLikePath(value) || exists.test(value)) {
                        paths.add(value);
                        break;
                    }
                }
            } else if (!arg.equals("-")) {
                if (looksLikePath(arg) || exists.test(arg)) {
                    paths.add(arg);
                }
                // NAME=VALUE operands (dd if=../x of=../y, make-style assignments) name VALUE, not a folder
                // called 'if=..': the value is judged as a path of its own.
                int eq = arg.indexOf('=');
                String value = eq < 0 ? "" : arg.substring(eq + 1);
                if (!value.isEmpty() && (looksLikePath(value) || exists.test(value))) {
                    paths.add(value);
                }
            }
        }
        return paths;
    }

    /** Whether a word reads as a path whatever the file system holds: a {@code /}, a leading {@code .} or {@code ~}. */
    public static boolean looksLikePath(String word) {
        return word.indexOf('/') >= 0 || word.startsWith(".") || word.startsWith("~");
    }
}
