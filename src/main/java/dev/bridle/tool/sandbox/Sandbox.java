package dev.bridle.tool.sandbox;

import dev.bridle.policy.SandboxMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operating-system sandbox a shell command runs in: it shows the command the workspace (writable only in the
 * folders a write rule covers), the system's program folders read-only, a private temporary folder, and nothing
 * else, with no network. {@link #detect()} finds the platform's sandbox; where there is none, every command is
 * refused, never run bare; {@link #none()} is the harness's explicit opt-out ({@code sandbox: none}).
 */
public sealed interface Sandbox permits Bubblewrap, SandboxExec, Sandbox.Unavailable, Sandbox.None {

    /** The rule id a refusal by the sandbox names. */
    String RULE = "sandbox";

    /** The search path the sandboxed command gets. */
    String PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";

    /**
     * How one command is to be started: the argument vector to run, the environment it gets (and nothing else),
     * and the folder to start it in; or why it may not run.
     */
    sealed interface Launch permits Launch.Run, Launch.Refused {

        /**
         * Start this vector, with exactly this environment, in this folder.
         *
         * @param argv the full argument vector, sandbox program first
         * @param env the whole environment
         * @param directory the working folder of the started process
         */
        record Run(List<String> argv, Map<String, String> env, Path directory) implements Launch {
            public Run {
                argv = List.copyOf(argv);
                env = Map.copyOf(env);
            }
        }

        /**
         * The command may not run.
         *
         * @param reason why, in words, with what to do about it
         */
        record Refused(String reason) implements Launch {}
    }

    /** How to start {@code argv} inside this sandbox with the given view of the file system. */
    Launch launch(Confinement confinement, List<String> argv);

    /** A short name for messages and reports: {@code bubblewrap}, {@code sandbox-exec}, {@code unavailable}. */
    String name();

    /** The platform's sandbox: bubblewrap on Linux, sandbox-exec on macOS, otherwise {@link Unavailable}. */
    static Sandbox detect() {
        return detect(System.getProperty("os.name", ""), Path.of(Bubblewrap.PROGRAM), Path.of(SandboxExec.PROGRAM));
    }

    /** {@link #detect()} with the operating system and the program locations given, for tests. */
    static Sandbox detect(String osName, Path bwrap, Path sandboxExec) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return Files.isExecutable(bwrap) ? new Bubblewrap(bwrap)
                    : new Unavailable(bwrap + " is missing: install bubblewrap (Debian and Ubuntu: apt-get install "
                            + "bubblewrap; Fedora: dnf install bubblewrap), or opt out with 'sandbox: none'");
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return Files.isExecutable(sandboxExec) ? new SandboxExec(sandboxExec)
                    : new Unavailable(sandboxExec + " is missing (it ships with macOS); a shell command cannot be "
                            + "confined without it, or opt out with 'sandbox: none'");
        }
        return new Unavailable("no sandbox is known for " + osName + " (bubblewrap on Linux, sandbox-exec on "
                + "macOS); opt out with 'sandbox: none' to run commands unconfined");
    }

    /** The sandbox a harness asks for: the platform's, unless the document says {@code sandbox: none}. */
    static Sandbox forMode(SandboxMode mode) {
        return mode == SandboxMode.NONE ? none() : detect();
    }

    /** The explicit opt-out: commands run unconfined, with a cleared environment, in the workspace. */
    static Sandbox none() {
        return new None();
    }

    /** The minimal environment every command gets: the search path, the workspace as home, a UTF-8 locale. */
    static Map<String, String> environment(Path workspace) {
        return Map.of("PATH", PATH, "HOME", workspace.toString(), "LANG", "C.UTF-8");
    }

    /**
     * No sandbox on this machine: every command is refused with how to install one.
     *
     * @param reason what is missing and how to get it
     */
    record Unavailable(String reason) implements Sandbox {
        @Override
        public Launch launch(Confinement confinement, List<String> argv) {
            return new Launch.Refused(reason);
        }

        @Override
        public String name() {
            return "unavailable";
        }
    }

    /** The harness said {@code sandbox: none}: the command runs unconfined, which the harness chose knowingly. */
    record None() implements Sandbox {
        @Override
        public Launch launch(Confinement confinement, List<String> argv) {
            return new Launch.Run(argv, environment(confinement.workspace()), confinement.workspace());
        }

        @Override
        public String name() {
            return "none";
        }
    }
}
