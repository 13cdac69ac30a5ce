package dev.bridle.access;

import java.util.List;
import java.util.Set;

/**
 * A shell command line analysed into one argument vector, or refused.
 *
 * <p>The shell tool runs the vector directly, never through a shell, so nothing is expanded: words are split on
 * blanks, single quotes keep everything literally, double quotes keep everything but {@code \"}, {@code \\},
 * {@code \$} and {@code \`}, and a backslash outside quotes makes the next character literal. Everything that would
 * make a shell do more than run one program is refused, with the reason:
 *
 * <ul>
 *   <li>lists and pipelines: {@code ;}, {@code &}, {@code &&}, {@code ||}, {@code |}, a newline;
 *   <li>substitutions and expansions: {@code $(...)}, backticks, {@code $VAR}, {@code ${...}}, also inside double
 *       quotes (a literal {@code $} must be single-quoted);
 *   <li>groups and subshells: {@code { ...; }}, {@code ( ... )}, and unquoted braces at all; keywords such as
 *       {@code if}, {@code for}, {@code while}, {@code case}, {@code function}, {@code [[}, {@code !};
 *   <li>redirections {@code <} and {@code >} in every form ({@code 2>&1}, {@code >>}, {@code <<<}): they would
 *       open files outside the path checks, so they are refused rather than interpreted; a comment ({@code #});
 *   <li>environment assignments before the command ({@code X=1 rm});
 *   <li>wrappers, matched on the base name of the first word: shells ({@code sh -c}, {@code bash}, ...), and
 *       commands that run another command ({@code env}, {@code xargs}, {@code exec}, {@code eval}, {@code nohup},
 *       {@code timeout}, {@code sudo}, {@code nice}, ...), interpreters, build tools, editors and pagers, unless the
 *       caller passes that name as one a rule names explicitly ({@code shell:xargs});
 *   <li>programs that run programs through their arguments ({@code find}, {@code git}, {@code awk}, {@code sed},
 *       {@code tar}, {@code zip}, {@code rsync}) unless named explicitly, and their dangerous forms even then
 *       ({@code find -exec}, {@code git -c}, {@code awk 'BEGIN{system(...)}'}, {@code sed 1e}, ...): see
 *       {@link ProgramArguments};
 *   <li>a program path that climbs with {@code ..} ({@code ls/../../usr/bin/python3});
 *   <li>anything over the caps: {@value #MAX_LENGTH} characters, {@value #MAX_WORDS} words, an unterminated
 *       quote, a trailing backslash, an empty command.
 * </ul>
 */
public sealed interface ShellCommand permits ShellCommand.Simple, ShellCommand.Refused {

    /** The longest command line analysed. */
    int MAX_LENGTH = 8192;

    /** The most words in one command. */
    int MAX_WORDS = 256;

    /** Programs whose job is to run other programs or shell text; refused unless a rule names them. */
    Set<String> WRAPPERS = Set.of(
            "sh", "bash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "ash", "busybox", "pwsh",
            "env", "xargs", "exec", "eval", "source", ".", "command", "builtin", "nohup", "timeout", "sudo", "doas",
            "su", "runuser", "pkexec", "nice", "ionice", "chroot", "setsid", "stdbuf", "time", "strace", "ltrace",
            "watch", "flock", "unbuffer", "script", "chrt", "taskset", "unshare", "nsenter", "systemd-run", "trap");

    /** Shell keywords that open compound commands. */
    Set<String> KEYWORDS = Set.of(
            "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "select",
            "function", "coproc", "[[", "]]", "!", "((", "))", "time");

    /**
     * One program with its arguments.
     *
     * @param argv the argument vector; never empty
     */
    record Simple(List<String> argv) implements ShellCommand {
        public Simple {
            argv = List.copyOf(argv);
        }

        /** The program, as written. */
        public String program() {
            return argv.getFirst();
        }
    }

    /**
     * A command line that is not one plain program.
     *
     * @param reason what was found, in words
     */
    record Refused(String reason) implements ShellCommand {}

    /** Analyses a command line, refusing every wrapper. */
    static ShellCommand parse(String line) {
        return parse(line, Set.of());
    }

    /**
     * Analyses a command line.
     *
     * @param named wrapper names a rule names explicitly (as {@code shell:env}); those are not refused as wrappers
     */
    static ShellCommand parse(String line, Set<String> named) {
        return ShellWords.split(line, named);
    }

    /** The last path segment of a program name: {@code rm} for {@code /bin/rm}. */
    static String baseName(String program) {
        int slash = program.lastIndexOf('/');
        return slash >= 0 ? program.substring(slash + 1) : program;
    }
}
