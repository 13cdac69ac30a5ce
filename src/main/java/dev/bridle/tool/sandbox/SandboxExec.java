package dev.bridle.tool.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The macOS sandbox: {@code /usr/bin/sandbox-exec} with a generated profile (SBPL) that denies everything by
 * default, then allows: running programs, reading the system's program and library folders and the workspace,
 * writing only the writable folders and a private temporary folder made for the call ({@code TMPDIR}), and no
 * network at all (nothing of {@code network*} is allowed).
 *
 * <p>The profile is generated and unit-tested here; it cannot be run on Linux, where Bridle's own tests run.
 */
public record SandboxExec(Path program) implements Sandbox {

    /** Where macOS keeps it. */
    public static final String PROGRAM = "/usr/bin/sandbox-exec";

    /** Folders a program needs to read to start on macOS (dyld's shared cache, frameworks, system programs). */
    static final List<String> SYSTEM_READ = List.of(
            "/usr", "/bin", "/sbin", "/System", "/Library/Apple", "/private/var/db/dyld",
            "/private/etc/alternatives", "/Library/Developer/CommandLineTools", "/Applications/Xcode.app");

    @Override
    public Launch launch(Confinement confinement, List<String> argv) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("bridle-sandbox-").toRealPath();
        } catch (IOException e) {
            return new Launch.Refused("cannot make a private temporary folder: " + e.getMessage());
        }
        List<String> a = new ArrayList<>(List.of(program.toString(), "-p", profile(confinement, tmp)));
        a.addAll(argv);
        Map<String, String> env = new HashMap<>(Sandbox.environment(confinement.workspace()));
        env.put("TMPDIR", tmp.toString());
        return new Launch.Run(a, env, confinement.workspace());
    }

    @Override
    public String name() {
        return "sandbox-exec";
    }

    /** The SBPL profile for one command. */
    static String profile(Confinement confinement, Path tmp) {
        StringBuilder p = new StringBuilder();
        p.append("(version 1)\n");
        p.append("(deny default)\n");
        p.append("(allow process-exec)\n");
        p.append("(allow process-fork)\n");
        p.append("(allow signal (target same-sandbox))\n");
        p.append("(allow sysctl-read)\n");
        p.append("(allow mach-lookup (global-name \"com.apple.system.opendirectoryd.libinfo\"))\n");
        // Metadata of the root only: realpath() and getcwd() stat every ancestor of the workspace.
        p.append("(allow file-read-metadata (literal \"/\")");
        for (Path ancestor = confinement.workspace().getParent(); ancestor != null && ancestor.getParent() != null;
                ancestor = ancestor.getParent()) {
            p.append(" (literal ").append(quote(ancestor.toString())).append(")");
        }
        p.append(")\n");
        p.append("(allow file-read*");
        for (String folder : SYSTEM_READ) {
            p.append(" (subpath ").append(quote(folder)).append(")");
        }
        p.append(" (literal \"/dev/null\") (literal \"/dev/urandom\") (literal \"/dev/random\")");
        p.append(" (subpath ").append(quote(confinement.workspace().toString())).append(")");
        p.append(" (subpath ").append(quote(tmp.toString())).append("))\n");
        p.append("(allow file-write* (literal \"/dev/null\") (subpath ").append(quote(tmp.toString())).append(")");
        for (Path writable : confinement.writable()) {
            p.append(" (subpath ").append(quote(writable.toString())).append(")");
        }
        p.append(")\n");
        if (!confinement.readOnly().isEmpty()) {
            // Later rules win in SBPL, so the deny-covered folders are taken back after the writable ones.
            p.append("(deny file-write*");
            for (Path readOnly : confinement.readOnly()) {
                p.append(" (subpath ").append(quote(readOnly.toString())).append(")");
            }
            p.append(")\n");
        }
        p.append("(deny network*)\n");
        return p.toString();
    }

    /** An SBPL string literal: backslashes and double quotes escaped, control characters refused. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in a sandbox path: " + s);
            }
            if (c == '\\' || c == '"') {
                q.append('\\');
            }
            q.append(c);
        }
        return q.append('"').toString();
    }
}
