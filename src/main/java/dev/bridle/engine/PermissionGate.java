package dev.bridle.engine;

import dev.bridle.access.AccessRequest;
import dev.bridle.access.ArgumentCondition;
import dev.bridle.access.Explanation;
import dev.bridle.access.PathCheck;
import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.access.ShellPaths;
import dev.bridle.access.WorkspacePath;
import dev.bridle.expr.Expressions;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Permissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The permission gate of a run: the harness's rules through {@link PermissionCheck} (deny over ask over allow,
 * default deny), rule conditions in CEL, and, when the run has a workspace folder, the real-path check of
 * {@link PathScope} so that a symlink out of the workspace is denied by the rule {@code path-scope} before the call.
 */
public final class PermissionGate implements ToolGate {

    private final PermissionCheck check;
    private final Optional<PathScope> scope;

    private PermissionGate(PermissionCheck check, Optional<PathScope> scope) {
        this.check = check;
        this.scope = scope;
    }

    public static PermissionGate of(Permissions permissions, Optional<PathScope> scope) {
        PermissionCheck check = PermissionCheck.of(permissions, CEL);
        return new PermissionGate(scope.map(s -> check.withExistingPaths(word -> exists(s, word))).orElse(check),
                scope);
    }

    /** The hard-link count of a regular file, 1 for anything else or where the file system does not say. */
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

    /** Whether a shell word names an entry of the workspace, a link included; a refused word names none. */
    private static boolean exists(PathScope scope, String word) {
        return WorkspacePath.normalise(word) instanceof PathCheck.Inside inside
                && Files.exists(scope.root().resolve(inside.relative()), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The real-path check of a shell command's path words: each must stay inside the workspace, links resolved;
     * a word that does not exist is judged by its nearest existing folder, without creating anything.
     */
    private Optional<String> shellPathRefusal(PathScope scope, String command) {
        List<String> words = new ArrayList<>(ShellPaths.of(command, check.namedCommands(), check.existingPaths()));
        ShellPaths.relativeProgram(command, check.namedCommands()).ifPresent(words::add);
        for (String word : words) {
            if (!(WorkspacePath.normalise(word) instanceof PathCheck.Inside inside)) {
                return Optional.of(word + " (" + ((PathCheck.Refused) WorkspacePath.normalise(word)).reason() + ")");
            }
            String relative = inside.relative();
            while (true) {
                if (scope.check(relative, PathScope.Intent.EXISTING) instanceof PathCheck.Refused refused) {
                    if (exists(scope, relative)) {
                        return Optional.of(word + " (" + refused.reason() + ")");
                    }
                    int slash = relative.lastIndexOf('/');
                    relative = slash < 0 ? WorkspacePath.ROOT : relative.substring(0, slash);
                    continue;
                }
                // A file with a second name may be a name of a file outside the workspace, which the sandbox
                // would show through the workspace's own bind.
                int links = links(scope.root().resolve(relative));
                if (links > 1) {
                    return Optional.of(word + " (a file with " + links + " hard links)");
                }
                break;
            }
        }
        return Optional.empty();
    }

    /** A rule's {@code when}, evaluated over {@code tool} (name and arguments) and {@code agent}. */
    static final ArgumentCondition CEL = (rule, request) -> Expressions.condition(rule.when()).test(Map.of(
            "tool", Map.of("name", request.tool(), "args", CelValues.fromJsonObject(request.args())),
            "agent", request.agent()));

    public PermissionCheck rules() {
        return check;
    }

    @Override
    public ToolGate.Decision check(String agent, ToolCall call) {
        AccessRequest request = AccessRequest.fromCall(agent, call);
        String resource = resource(request);
        if (scope.isPresent() && request.path().isPresent()) {
            PathCheck real = scope.get().check(request.path().get(), PathScope.Intent.CREATE);
            if (real instanceof PathCheck.Refused refused) {
                return new ToolGate.Decision(Effect.DENY, dev.bridle.access.Decision.PATH_SCOPE, resource + " (" + refused.reason()
                        + ")");
            }
        }
        if (scope.isPresent() && request.command().isPresent()) {
            Optional<String> refused = shellPathRefusal(scope.get(), request.command().get());
            if (refused.isPresent()) {
                return new ToolGate.Decision(Effect.DENY, dev.bridle.access.Decision.PATH_SCOPE,
                        resource + ": " + refused.get());
            }
        }
        dev.bridle.access.Decision d = check.check(request);
        return new ToolGate.Decision(d.effect(), d.rule(), resource);
    }

    /** The deciding rule and every rule considered, as {@code bridle explain} and "Why?" show them. */
    public Explanation explain(String agent, ToolCall call) {
        return check.explain(AccessRequest.fromCall(agent, call));
    }

    static String resource(AccessRequest r) {
        return r.tool() + r.path().map(p -> " " + p).orElse("") + r.host().map(h -> " " + h).orElse("")
                + r.command().map(c -> " `" + c + "`").orElse("");
    }
}
