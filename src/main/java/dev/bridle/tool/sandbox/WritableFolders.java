package dev.bridle.tool.sandbox;

import dev.bridle.access.Glob;
import dev.bridle.access.PathCheck;
import dev.bridle.access.WorkspacePath;
import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which parts of the workspace a shell command may write, derived from the {@code fs.write} rules that apply to the
 * calling agent, so that a shell command never writes where the file tools could not.
 *
 * <ul>
 *   <li>An <b>allow</b> rule whose tool glob matches {@code fs.write} ({@code fs.write}, {@code fs.*}, {@code *})
 *       and that has no {@code when} condition (a condition depends on a call's arguments, which a shell command
 *       does not have) makes writable, for each of its path globs, the literal folder before the first segment
 *       with a wildcard: {@code src/**} and {@code src/*.java} bind {@code src}, a literal {@code notes.md} binds
 *       that file. A rule with no paths makes the whole workspace writable. A glob whose first segment has a
 *       wildcard ({@code **}{@code /*.md}) binds nothing: there is no folder to bind that would not be wider than
 *       the glob.
 *   <li>A <b>deny</b> rule for {@code fs.write} takes back, read-only, the folders its globs cover entirely
 *       ({@code secrets/**} or a literal path); with no paths it leaves nothing writable. Deny globs of any other
 *       shape ({@code **}{@code /.env}, {@code docs/*.lock}) cannot be expressed as mounts and are not enforced
 *       inside the sandbox; ask rules grant nothing.
 *   <li>A folder is bound only when it exists, and never when any segment of it is a symbolic link or its real path
 *       differs from its path in the workspace: a link must never carry a writable bind outside.
 * </ul>
 */
public final class WritableFolders {

    private static final String WRITE = "fs.write";

    private WritableFolders() {}

    /** The view of the workspace {@code root} (a real path) that a shell command of {@code agent} gets. */
    public static Confinement confinement(Path root, Permissions permissions, String agent) {
        TreeSet<Path> writable = new TreeSet<>(Comparator.comparingInt(Path::getNameCount).thenComparing(p -> p));
        TreeSet<Path> readOnly = new TreeSet<>(Comparator.comparingInt(Path::getNameCount).thenComparing(p -> p));
        for (PermissionRule rule : permissions.rules()) {
            if (!Glob.name(rule.tool()).matches(WRITE)
                    || (!rule.agents().isEmpty() && !rule.agents().contains(agent))) {
                continue;
            }
            if (rule.effect() == Effect.DENY) {
                if (rule.paths().isEmpty()) {
                    return Confinement.readOnly(root);
                }
                for (String glob : rule.paths()) {
                    coveredEntirely(glob).flatMap(p -> bindable(root, p)).ifPresent(readOnly::add);
                }
            } else if (rule.effect() == Effect.ALLOW && rule.when() == null) {
                if (rule.paths().isEmpty()) {
                    writable.add(root);
                }
                for (String glob : rule.paths()) {
                    literalPrefix(glob).flatMap(p -> bindable(root, p)).ifPresent(writable::add);
                }
            }
        }
        for (Path folder : writable) {
            readOnly.addAll(multiplyLinked(folder));
        }
        return new Confinement(root, new ArrayList<>(writable), new ArrayList<>(readOnly));
    }

    /**
     * The regular files under a writable folder that have more than one name: a hard link placed in the workspace
     * from outside may name a file outside it, and a command that opens it for writing (cp, sed -i) would change that
     * file. They are bound read-only again over the writable folder, as {@code fs.write} refuses them. Links are not
     * followed; an unreadable subtree is skipped (its files cannot be opened by the command either).
     */
    static List<Path> multiplyLinked(Path folder) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                try {
                    if (((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() > 1) {
                        found.add(p);
                    }
                } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                    // No link count on this file system: nothing is known to name an outside file.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A folder that cannot be walked whole is not bound read-write with unknown content: the caller's
            // bind stays, and the files it could not see are as unreadable to the command.
        }
        return found;
    }

    /** The literal segments of a path glob before its first segment with a wildcard; empty when there are none. */
    static Optional<String> literalPrefix(String glob) {
        List<String> literal = new ArrayList<>();
        for (String segment : relative(glob).split("/", -1)) {
            if (segment.indexOf('*') >= 0 || segment.indexOf('?') >= 0) {
                break;
            }
            literal.add(segment);
        }
        return literal.isEmpty() ? Optional.empty() : Optional.of(String.join("/", literal));
    }

    /** The folder a deny glob covers with all it holds: the whole glob when literal, the part before a final /**. */
    static Optional<String> coveredEntirely(String glob) {
        String g = relative(glob);
        if (g.endsWith("/**")) {
            g = g.substring(0, g.length() - 3);
        }
        return g.isEmpty() || g.indexOf('*') >= 0 || g.indexOf('?') >= 0 ? Optional.empty() : Optional.of(g);
    }

    private static String relative(String glob) {
        String g = glob;
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        if (g.equals("workspace") || g.equals(".")) {
            return ".";
        }
        return g.startsWith("workspace/") ? g.substring("workspace/".length()) : g;
    }

    /** The real path of a workspace-relative path when it exists and no segment of it is a link; else empty. */
    static Optional<Path> bindable(Path root, String relative) {
        if (!(WorkspacePath.normalise(relative) instanceof PathCheck.Inside inside)) {
            return Optional.empty();
        }
        Path path = root;
        if (!inside.relative().equals(WorkspacePath.ROOT)) {
            for (String segment : inside.relative().split("/")) {
                path = path.resolve(segment);
                if (Files.isSymbolicLink(path) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.empty();
                }
            }
        }
        try {
            Path real = path.toRealPath();
            return real.equals(path) && real.startsWith(root) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
