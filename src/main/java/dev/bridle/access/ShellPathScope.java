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
     * Why a command's paths are refused, naming the word, or empty when they all stay inside.
     *
     * @param check the permission check whose named programs and existence test the command is read with
     */
    public static Optional<String> refusal(PathScope scope, PermissionCheck check, String command) {
        Predicate<String> exists = existence(scope);
        List<String> words = new ArrayList<>(ShellPaths.of(command, check.namedCommands(), check.existingPaths()));
        ShellPaths.relativeProgram(command, check.namedCommands()).ifPresent(words::add);
        for (String word : words) {
            PathCheck lexical = WorkspacePath.normalise(word);
            if (lexical instanceof PathCheck.Refused refused) {
                return Optional.of(word + " (" + refused.reason() + ")");
            }
            String relative = ((PathCheck.Inside) lexical).relative();
            while (scope.check(relative, PathScope.Intent.EXISTING) instanceof PathCheck.Refused refused) {
                if (exists.test(relative)) {
                    return Optional.of(word + " (" + refused.reason() + ")");
                }
                int slash = relative.lastIndexOf('/');
                relative = slash < 0 ? WorkspacePath.ROOT : relative.substring(0, slash);
            }
            // A second name of a file may be a name of a file outside the workspace, which the sandbox would show
            // through the workspace's own bind.
            int links = links(scope.root().resolve(relative));
            if (links > 1) {
                return Optional.of(word + " (a file with " + links + " hard links)");
            }
        }
        return Optional.empty();
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
