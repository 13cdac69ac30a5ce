package dev.bridle.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The second half of the shell analysis: what the program of a {@link ShellCommand.Simple} may be asked to do by
 * its own arguments.
 *
 * <p><b>Programs that run programs.</b> Three kinds, matched on the base name of the program:
 *
 * <ul>
 *   <li>{@link ShellCommand#WRAPPERS} (shells, {@code env}, {@code sudo}, ...) and {@link #RUNNERS} (interpreters,
 *       build tools, remote shells, editors and pagers that can run commands): refused unless an allow or ask rule
 *       names the program literally ({@code shell:python3}). A named one runs whatever it is given, inside the
 *       sandbox, which is then the only boundary: its arguments cannot be analysed.
 *   <li>{@link #WITH_FORMS} ({@code find}, {@code git}, {@code awk} and its kin, {@code sed}, {@code tar},
 *       {@code zip}, {@code rsync}): refused unless named literally too, and their dangerous forms are refused even
 *       then: {@code find -exec/-execdir/-ok/-okdir/-fprint/-fprint0/-fprintf/-fls/-delete}; {@code git} global
 *       options {@code -c}, {@code -C}, {@code --config-env}, {@code --exec-path}, {@code --git-dir},
 *       {@code --work-tree}, {@code --namespace}, any subcommand outside a fixed list of built-ins (so no alias and
 *       no {@code !} command, no {@code config}, {@code hook}, {@code fetch}, {@code push}, {@code submodule},
 *       {@code bisect}, {@code rebase}, {@code help}), and the options that run a program
 *       ({@code --upload-pack}, {@code --receive-pack}, {@code --exec}, {@code --ext-diff}, {@code --textconv},
 *       {@code --open-files-in-pager}/{@code -O} of grep, {@code --remote}); awk program files, extensions and
 *       includes ({@code -f}, {@code -E}, {@code -i}, {@code -l}, any option but {@code -F}, {@code -v},
 *       {@code -e}), and program text with {@code system}, {@code getline}, {@code |}, {@code >}, {@code ARGV},
 *       {@code ARGC}, {@code ENVIRON}, {@code PROCINFO} or {@code @}; sed script files ({@code -f}), the commands
 *       {@code e}, {@code r}, {@code R}, {@code w}, {@code W} and the {@code e}/{@code w} flags of {@code s}
 *       ({@link SedScript}), and an {@code -i} backup suffix with a {@code /}; tar checkpoint actions,
 *       {@code --to-command}, {@code -I}/{@code --use-compress-program}, {@code --rsh-command},
 *       {@code -F}/{@code --info-script}, {@code --new-volume-script}, {@code --rmt-command}; zip {@code -TT} and
 *       {@code --unzip-command}; rsync {@code -e}/{@code --rsh} and {@code --rsync-path}. A long option is refused
 *       also when abbreviated, since GNU programs accept any unambiguous prefix ({@code --use-comp=sh}).
 * </ul>
 *
 * <p>The analysis also tells which arguments are not paths (a sed script, an awk program, git's subcommand), and
 * whether the command writes its file operands in place ({@code sed -i}).
 */
final class ProgramArguments {

    /** Programs that run whatever they are given: interpreters, build tools, remote shells, editors and pagers. */
    static final Set<String> RUNNERS = Set.of(
            "perl", "ruby", "irb", "node", "nodejs", "deno", "bun", "php", "tclsh", "wish", "expect", "Rscript", "R",
            "java", "jshell", "jrunscript", "groovy", "scala", "kotlin", "osascript", "guile", "racket", "sbcl",
            "ghci", "runghc", "swift", "julia", "erl", "escript", "elixir", "iex", "gdb", "lldb", "dc", "m4",
            "make", "gmake", "bmake", "ninja", "cmake", "mvn", "gradle", "ant", "npm", "npx", "yarn", "pnpm", "pip",
            "pip3", "cargo", "go", "ssh", "scp", "sftp", "slogin", "vi", "vim", "nvim", "view", "vimdiff", "ex", "ed",
            "emacs", "emacsclient", "nano", "less", "more", "most", "pg", "man", "info", "crontab", "at", "batch",
            "screen", "tmux", "parallel", "socat", "nc", "ncat", "netcat", "patch", "valgrind", "perf", "bwrap",
            "sandbox-exec", "firejail", "docker", "podman", "systemctl", "mail", "mutt", "git-shell", "sqlite3",
            "psql", "mysql", "ftp", "telnet", "run-parts", "setpriv", "capsh", "prlimit", "numactl", "fakeroot",
            "faketime", "proot", "editor", "sensible-editor", "pager", "sensible-pager", "xdg-open", "vimtutor",
            "rbash", "yash", "posh", "gnuplot", "octave", "sshpass", "torsocks", "entr", "start-stop-daemon");

    /** Interpreters whose names carry a version: {@code python3.12}, {@code lua5.4}, {@code perl5.36}. */
    private static final Pattern VERSIONED = Pattern.compile(
            "(python|pypy|perl|ruby|php|lua|luajit|tclsh|wish|node|ld-linux[-a-z0-9_]*\\.so|ld)[0-9.\\-]*");

    /** Programs allowed when named, with forms refused even then. */
    static final Set<String> WITH_FORMS = Set.of(
            "find", "git", "awk", "gawk", "mawk", "nawk", "sed", "gsed", "tar", "gtar", "bsdtar", "zip", "rsync");

    private static final Set<String> FIND_REFUSED = Set.of(
            "-exec", "-execdir", "-ok", "-okdir", "-fprint", "-fprint0", "-fprintf", "-fls", "-delete");

    private static final Set<String> GIT_GLOBAL_FLAGS = Set.of(
            "--no-pager", "-p", "--paginate", "-P", "--bare", "--no-replace-objects", "--literal-pathspecs",
            "--glob-pathspecs", "--noglob-pathspecs", "--icase-pathspecs", "--no-optional-locks", "--version");

    private static final Set<String> GIT_SUBCOMMANDS = Set.of(
            "add", "annotate", "apply", "archive", "blame", "branch", "cat-file", "check-attr", "check-ignore",
            "checkout", "cherry", "cherry-pick", "clean", "commit", "count-objects", "describe", "diff", "diff-files",
            "diff-index", "diff-tree", "for-each-ref", "format-patch", "fsck", "grep", "hash-object", "init", "log",
            "ls-files", "ls-tree", "merge", "merge-base", "mv", "name-rev", "reflog", "reset", "restore", "rev-list",
            "rev-parse", "revert", "rm", "shortlog", "show", "show-branch", "show-ref", "stash", "status", "switch",
            "tag", "var", "version", "whatchanged", "worktree", "write-tree");

    private static final Set<String> GIT_REFUSED_LONG = Set.of(
            "upload-pack", "receive-pack", "exec", "ext-diff", "textconv", "open-files-in-pager", "remote");

    private static final Set<String> TAR_REFUSED_LONG = Set.of(
            "checkpoint-action", "to-command", "use-compress-program", "rsh-command", "info-script",
            "new-volume-script", "rmt-command");

    private static final Set<String> SED_FLAGS = Set.of(
            "quiet", "silent", "regexp-extended", "separate", "null-data", "zero-terminated", "unbuffered", "posix",
            "debug", "sandbox");

    private static final List<String> AWK_TEXT_REFUSED = List.of(
            "system", "getline", "|", ">", "ARGV", "ARGC", "ENVIRON", "PROCINFO", "@");

    /**
     * What the analysis found.
     *
     * @param refusal why the command is refused, or {@code null}
     * @param notPaths indexes in the argument vector of words that are not paths (scripts, subcommands, values)
     * @param writesInPlace whether the file operands are rewritten in place ({@code sed -i})
     */
    record Verdict(String refusal, Set<Integer> notPaths, boolean writesInPlace) {
        static Verdict refused(String reason) {
            return new Verdict(reason, Set.of(), false);
        }

        static Verdict ok(Set<Integer> notPaths) {
            return new Verdict(null, Set.copyOf(notPaths), false);
        }
    }

    private ProgramArguments() {}

    /** Analyses one argument vector; {@code named} holds the programs rules name literally. */
    static Verdict analyse(List<String> argv, Set<String> named) {
        String program = argv.getFirst();
        String base = ShellCommand.baseName(program);
        if (program.indexOf('/') >= 0) {
            for (String segment : program.split("/", -1)) {
                if (segment.equals("..")) {
                    return Verdict.refused("the program path '" + program + "' climbs with '..'");
                }
            }
        }
        boolean isNamed = named.contains(base) || named.contains(program);
        if (ShellCommand.WRAPPERS.contains(base) && !isNamed) {
            return Verdict.refused("'" + base + "' runs another command; only allowed when a rule names it");
        }
        if ((RUNNERS.contains(base) || VERSIONED.matcher(base).matches()) && !isNamed) {
            return Verdict.refused("'" + base + "' runs programs or code it is given; only allowed when a rule "
                    + "names it (shell:" + base + ")");
        }
        if (!WITH_FORMS.contains(base)) {
            return Verdict.ok(Set.of());
        }
        if (!isNamed) {
            return Verdict.refused("'" + base + "' can run programs or write files through its arguments; only "
                    + "allowed when a rule names it (shell:" + base + ")");
        }
        return switch (base) {
            case "find" -> find(argv);
            case "git" -> git(argv);
            case "awk", "gawk", "mawk", "nawk" -> awk(argv);
            case "sed", "gsed" -> sed(argv);
            case "tar", "gtar", "bsdtar" -> tar(argv);
            case "zip" -> zip(argv);
            default -> rsync(argv);
        };
    }

    private static Verdict find(List<String> argv) {
        for (String arg : argv.subList(1, argv.size())) {
            if (FIND_REFUSED.contains(arg)) {
                return Verdict.refused("find " + arg + (arg.startsWith("-f") ? " writes a file" : arg.equals(
                        "-delete") ? " deletes files" : " runs a program") + "; refused even when a rule names find");
            }
        }
        return Verdict.ok(Set.of());
    }

    private static Verdict git(List<String> argv) {
        int i = 1;
        for (; i < argv.size() && argv.get(i).startsWith("-"); i++) {
            String arg = argv.get(i);
            if (!GIT_GLOBAL_FLAGS.contains(arg)) {
                return Verdict.refused("git option " + arg + " can change which repository, configuration or "
                        + "program git uses; refused even when a rule names git");
            }
        }
        if (i == argv.size()) {
            return Verdict.ok(Set.of());
        }
        String sub = argv.get(i);
        if (!GIT_SUBCOMMANDS.contains(sub)) {
            return Verdict.refused("git " + sub + " is not a built-in Bridle lets through (aliases, 'config', "
                    + "hooks and network commands can run programs)");
        }
        for (String arg : argv.subList(i + 1, argv.size())) {
            String refused = abbreviationOf(arg, GIT_REFUSED_LONG);
            if (refused != null || (sub.equals("grep") && arg.startsWith("-O"))) {
                return Verdict.refused("git " + sub + " " + arg + " runs a program or reaches another repository");
            }
        }
        return Verdict.ok(Set.of(i));
    }

    private static Verdict awk(List<String> argv) {
        Set<Integer> notPaths = new TreeSet<>();
        boolean haveText = false;
        int i = 1;
        for (; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            String text = null;
            if (arg.equals("-F") || arg.equals("-v")) {
                notPaths.add(i);
                notPaths.add(++i);
            } else if (arg.startsWith("-F") || arg.startsWith("-v") || arg.startsWith("--field-separator=")
                    || arg.startsWith("--assign=")) {
                notPaths.add(i);
            } else if (arg.equals("-e") || arg.equals("--source")) {
                notPaths.add(i);
                text = i + 1 < argv.size() ? argv.get(++i) : "";
                notPaths.add(i);
            } else if (arg.startsWith("--source=")) {
                notPaths.add(i);
                text = arg.substring("--source=".length());
            } else {
                return Verdict.refused("awk option " + arg + " is not one Bridle analyses (program files, "
                        + "extensions and includes are refused)");
            }
            if (text != null) {
                haveText = true;
                String refusal = awkText(text);
                if (refusal != null) {
                    return Verdict.refused(refusal);
                }
            }
        }
        if (!haveText) {
            if (i >= argv.size()) {
                return Verdict.refused("awk without a program");
            }
            notPaths.add(i);
            String refusal = awkText(argv.get(i));
            if (refusal != null) {
                return Verdict.refused(refusal);
            }
        }
        return Verdict.ok(notPaths);
    }

    private static String awkText(String text) {
        for (String word : AWK_TEXT_REFUSED) {
            if (text.contains(word)) {
                return "awk program text with '" + word + "' (it can run a program, open another file or read "
                        + "the environment)" + (word.equals(">") ? "; write a comparison with '<' or '<=' and the "
                        + "operands swapped" : "");
            }
        }
        return null;
    }

    private static Verdict sed(List<String> argv) {
        Set<Integer> notPaths = new TreeSet<>();
        List<Integer> operands = new ArrayList<>();
        boolean haveScript = false;
        boolean inPlace = false;
        boolean optionsEnd = false;
        // GNU sed permutes its arguments: an option after the first operand still counts, so every word is read.
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (optionsEnd || !arg.startsWith("-") || arg.equals("-")) {
                operands.add(i);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnd = true;
                continue;
            }
            if (arg.startsWith("--")) {
                String name = arg.substring(2).split("=", 2)[0];
                if ("expression".startsWith(name) && name.length() >= 1) {
                    notPaths.add(i);
                    String script = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                            : i + 1 < argv.size() ? argv.get(++i) : "";
                    notPaths.add(i);
                    String refusal = SedScript.refusal(script);
                    if (refusal != null) {
                        return Verdict.refused(refusal);
                    }
                    haveScript = true;
                } else if ("in-place".startsWith(name) && name.length() >= 2) {
                    if (arg.contains("=") && arg.indexOf('/') >= 0) {
                        return Verdict.refused("a sed backup suffix with '/' writes into another folder");
                    }
                    inPlace = true;
                } else if (name.equals("line-length")) {
                    if (!arg.contains("=")) {
                        notPaths.add(++i);
                    }
                } else if (!SED_FLAGS.contains(name)) {
                    return Verdict.refused("sed option " + arg + " is not one Bridle analyses (script files are "
                            + "refused)");
                }
                continue;
            }
            for (int k = 1; k < arg.length(); k++) {
                char c = arg.charAt(k);
                if ("nErszu".indexOf(c) >= 0) {
                    continue;
                }
                if (c == 'i') {
                    if (arg.indexOf('/', k) >= 0) {
                        return Verdict.refused("a sed backup suffix with '/' writes into another folder");
                    }
                    inPlace = true;
                    break;
                }
                if (c == 'l') {
                    if (k == arg.length() - 1) {
                        notPaths.add(++i);
                    }
                    break;
                }
                if (c == 'e') {
                    notPaths.add(i);
                    String script = k < arg.length() - 1 ? arg.substring(k + 1)
                            : i + 1 < argv.size() ? argv.get(++i) : "";
                    notPaths.add(i);
                    String refusal = SedScript.refusal(script);
                    if (refusal != null) {
                        return Verdict.refused(refusal);
                    }
                    haveScript = true;
                    break;
                }
                return Verdict.refused("sed option -" + c + " is not one Bridle analyses (script files are "
                        + "refused)");
            }
        }
        if (!haveScript) {
            if (operands.isEmpty()) {
                return Verdict.refused("sed without a script");
            }
            int script = operands.getFirst();
            notPaths.add(script);
            String refusal = SedScript.refusal(argv.get(script));
            if (refusal != null) {
                return Verdict.refused(refusal);
            }
        }
        return new Verdict(null, Set.copyOf(notPaths), inPlace);
    }

    private static Verdict tar(List<String> argv) {
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            String refused = abbreviationOf(arg, TAR_REFUSED_LONG);
            boolean cluster = (arg.startsWith("-") && !arg.startsWith("--")) || (i == 1 && !arg.startsWith("-"));
            if (refused != null || (cluster && (arg.indexOf('I') >= 0 || arg.indexOf('F') >= 0))) {
                return Verdict.refused("tar " + arg + " runs a program (checkpoint actions, compress programs, "
                        + "volume scripts, remote shells are refused even when a rule names tar)");
            }
        }
        return Verdict.ok(Set.of());
    }

    private static Verdict zip(List<String> argv) {
        for (String arg : argv.subList(1, argv.size())) {
            boolean cluster = arg.startsWith("-") && !arg.startsWith("--");
            if ((cluster && arg.contains("TT")) || abbreviationOf(arg, Set.of("unzip-command")) != null) {
                return Verdict.refused("zip " + arg + " runs a program to test the archive");
            }
        }
        return Verdict.ok(Set.of());
    }

    private static Verdict rsync(List<String> argv) {
        for (String arg : argv.subList(1, argv.size())) {
            boolean cluster = arg.startsWith("-") && !arg.startsWith("--");
            if ((cluster && arg.indexOf('e') >= 0) || abbreviationOf(arg, Set.of("rsh", "rsync-path")) != null) {
                return Verdict.refused("rsync " + arg + " chooses the program rsync runs");
            }
        }
        return Verdict.ok(Set.of());
    }

    /** The refused long option that {@code arg} names or abbreviates ({@code --use-comp=x}), or {@code null}. */
    static String abbreviationOf(String arg, Set<String> refused) {
        if (!arg.startsWith("--") || arg.length() == 2) {
            return null;
        }
        String name = arg.substring(2).split("=", 2)[0];
        for (String option : refused) {
            if (!name.isEmpty() && option.startsWith(name)) {
                return option;
            }
        }
        return null;
    }
}
