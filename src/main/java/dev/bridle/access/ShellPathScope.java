package dev.bridle.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The real-path check of a shell command, as the permission gate of a run with a workspace makes it: every path word
 * ({@link ShellPaths}) and a relative program path must stay inside the workspace with links resolved
 * ({@link PathScope}), and none may name a regular file with more than one hard link. A word that does not exist is
 * judged by its nearest existing folder; nothing is created.
 */
public final class ShellPathScope {

    private ShellPathScope() {}

    /** Whether a shell word names an entry of the workspace, a link included; a refused word names none. */
    public static Predicate<String> existence(PathScope scope) {
        return word -> WorkspacePath.normalise(word) instanceof PathCheck.Inside inside
                && Files.exists(scope.root().resolve(inside.relative()), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Where a workspace-relative path really leads, as a workspace-relative path: the real path of its nearest
     * existing part, links resolved, with the rest appended; the path itself when that part leads outside (the
     * real-path check refuses such a word on its own).
     */
    public static UnaryOperator<String> realPaths(PathScope scope) {
        return relative -> {
            String head = relative;
            String tail = "";
            while (true) {
                if (scope.check(head, PathScope.Intent.EXISTING) instanceof PathCheck.Inside inside) {
                    return tail.isEmpty() ? inside.relative()
                            : inside.relative().equals(WorkspacePath.ROOT) ? tail : inside.relative() + "/" + tail;
                }
                if (head.equals(WorkspacePath.ROOT) || existence(scope).test(head)) {
                    return relative;
                }
                int slash = head.lastIndexOf('/');
                String last = head.substring(slash + 1);
                tail = tail.isEmpty() ? last : last + "/" + tail;
                head = slash < 0 ? WorkspacePath.ROOT : head.substring(0, slash);
            }
        };
    }

    /**
     * Why a command's paths are refused, naming the word, or empty when they all stay inside.
     *
     * @param check the permission check whose named programs and existence test the command is read with
     */
    public static Optional<String> refusal(PathScope scope, PermissionCheck check, String command) {
        return refusal(scope, check, AccessRequest.SHELL, command);
    }

    /** {@link #refusal(PathScope, PermissionCheck, String)} for a command run by {@code tool} (one that {@code runs:}). */
    public static Optional<String> refusal(PathScope scope, PermissionCheck check, String tool, String command) {
        Predicate<String> exists = existence(scope);
        Set<String> named = check.namedCommands(tool);
        List<String> words = new ArrayList<>(ShellPaths.of(command, named, check.existingPaths()));
        ShellPaths.relativeProgram(command, named).ifPresent(words::add);
        for (String word : words) {
            // The word as written goes to the scope, so that a '..' cancelling a link (docs/up/..) is refused as
            // the operating system would not read it lexically; a missing word is judged by its nearest existing
            // parent, also as written.
            String current = word;
            while (true) {
                PathCheck lexical = WorkspacePath.normalise(current);
                if (lexical instanceof PathCheck.Refused refused) {
                    return Optional.of(word + " (" + refused.reason() + ")");
                }
                PathCheck checked = scope.check(current, PathScope.Intent.EXISTING);
                if (checked instanceof PathCheck.Inside inside) {
                    // A second name of a file may be a name of a file outside the workspace, which the sandbox
                    // would show through the workspace's own bind.
                    int links = links(scope.root().resolve(inside.relative()));
                    if (links > 1) {
                        return Optional.of(word + " (a file with " + links + " hard links)");
                    }
                    break;
                }
                String relative = ((PathCheck.Inside) lexical).relative();
                if (exists.test(relative) || relative.equals(WorkspacePath.ROOT)) {
                    return Optional.of(word + " (" + ((PathCheck.Refused) checked).reason() + ")");
                }
                current = parent(current);
            }
        }
        return Optional.empty();
    }

    /** The word without its last segment ({@code a/b/} gives {@code a}); {@code .} when it has one segment. */
    private static String parent(String word) {
        String w = word;
        while (w.length() > 1 && w.endsWith("/")) {
            w = w.substring(0, w.length() - 1);
        }
        int slash = w.lastIndexOf('/');
        return slash < 0 ? WorkspacePath.ROOT : slash == 0 ? "/" : w.substring(0, slash);
    }

    /** The hard-link count of a regular file; 1 for anything else or where the file system does not say. */
    private static int links(Path path) {
        try {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return 1;
            }
            return ((Number) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }
}
