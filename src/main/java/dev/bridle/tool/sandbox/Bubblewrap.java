package dev.bridle.tool.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Linux sandbox: bubblewrap ({@code /usr/bin/bwrap}, the sandbox Flatpak uses). The command gets a new empty root
 * file system holding only:
 *
 * <ul>
 *   <li>{@code /usr} read-only, and {@code /bin}, {@code /sbin}, {@code /lib}, {@code /lib32}, {@code /lib64},
 *       {@code /libx32} as on the host: a symbolic link where the host has one (merged {@code /usr}), a read-only
 *       bind where it has a folder;
 *   <li>from {@code /etc} only what programs need to start: {@code /etc/alternatives} (Debian's {@code awk} goes
 *       through it) and {@code /etc/ld.so.cache}; not the rest ({@code passwd}, {@code hosts}, keys, ...);
 *   <li>a new {@code /proc} of its own process namespace, a minimal {@code /dev}, a private empty {@code /tmp};
 *   <li>the workspace at its own absolute path, read-only, with the writable folders bound read-write over it and
 *       deny-covered folders read-only again over those.
 * </ul>
 *
 * <p>It runs with every namespace unshared ({@code --unshare-all}: user where the kernel allows it, IPC, process,
 * network, UTS, cgroup), so it has no network but a loopback of its own and sees no other process; with
 * {@code --die-with-parent}, so it is killed when Bridle's process for it dies; with {@code --new-session}, so it
 * cannot push input into a terminal; with a cleared environment but {@code PATH}, {@code HOME} (the workspace) and
 * {@code LANG}; and with {@code --cap-drop ALL}: Bridle often runs as root (CI, containers), and root inside the
 * sandbox would otherwise keep every capability in its namespace, enough to remount the read-only workspace
 * read-write. With no capability, uid 0 inside can still write files that the mounts leave writable and that root
 * owns, which is what the writable folders are for; it can mount, remount, trace or signal nothing.
 */
public record Bubblewrap(Path program) implements Sandbox {

    /** Where Debian, Ubuntu and Fedora install bubblewrap. */
    public static final String PROGRAM = "/usr/bin/bwrap";

    /** Top-level folders of programs and libraries, shown read-only or re-created as links. */
    static final List<String> SYSTEM_FOLDERS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    /** The only entries of {@code /etc} shown; each is optional. */
    static final List<String> ETC = List.of("/etc/alternatives", "/etc/ld.so.cache");

    @Override
    public Launch launch(Confinement confinement, List<String> argv) {
        return new Launch.Run(arguments(confinement, argv), Sandbox.environment(confinement.workspace()),
                confinement.workspace());
    }

    @Override
    public String name() {
        return "bubblewrap";
    }

    /** The whole argument vector: bubblewrap, its options, {@code --}, then the command's own vector. */
    List<String> arguments(Confinement confinement, List<String> argv) {
        String ws = confinement.workspace().toString();
        List<String> a = new ArrayList<>(List.of(program.toString(),
                "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--ro-bind", "/usr", "/usr"));
        for (String folder : SYSTEM_FOLDERS) {
            Path host = Path.of(folder);
            if (Files.isSymbolicLink(host)) {
                try {
                    a.addAll(List.of("--symlink", Files.readSymbolicLink(host).toString(), folder));
                } catch (IOException e) {
                    // An unreadable link is left out: the command then lacks that folder, which is the safe side.
                }
            } else if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                a.addAll(List.of("--ro-bind", folder, folder));
            }
        }
        for (String entry : ETC) {
            a.addAll(List.of("--ro-bind-try", entry, entry));
        }
        // /tmp comes before the workspace: a workspace under /tmp is bound on top of the private one.
        a.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        a.addAll(List.of("--ro-bind", ws, ws));
        for (Path writable : confinement.writable()) {
            a.addAll(List.of("--bind", writable.toString(), writable.toString()));
        }
        for (Path readOnly : confinement.readOnly()) {
            a.addAll(List.of("--ro-bind", readOnly.toString(), readOnly.toString()));
        }
        a.addAll(List.of("--chdir", ws, "--clearenv"));
        Sandbox.environment(confinement.workspace()).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> a.addAll(List.of("--setenv", e.getKey(), e.getValue())));
        a.add("--");
        a.addAll(argv);
        return a;
    }
}
