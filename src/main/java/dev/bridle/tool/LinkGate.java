package dev.bridle.tool;

import dev.bridle.access.AccessRequest;
import dev.bridle.access.Decision;
import dev.bridle.access.PathCheck;
import dev.bridle.access.PermissionCheck;
import dev.bridle.access.ScopedFile;
import dev.bridle.access.WorkspacePath;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import java.util.Optional;

/**
 * Re-checks the permissions when a path reaches, through a link inside the workspace, another path than the one the
 * call named: the engine checked the named path, the tool must not then touch one the rules would refuse. Only
 * {@code allow} passes, since an approval cannot be asked from inside a tool.
 */
final class LinkGate {

    private final PermissionCheck check;

    /** A gate on these permissions, or one that lets everything through when {@code check} is {@code null}. */
    LinkGate(PermissionCheck check) {
        this.check = check;
    }

    /** An error when the file reached is not the one named and the permissions do not allow it. */
    Optional<ToolResult> refusal(String agent, ToolCall call, String requested, ScopedFile file) {
        if (check == null) {
            return Optional.empty();
        }
        PathCheck named = WorkspacePath.normalise(requested);
        if (named instanceof PathCheck.Inside inside && inside.relative().equals(file.relative())) {
            return Optional.empty();
        }
        Decision decision = check.check(AccessRequest.of(agent, call.tool()).withPath(file.relative())
                .withArgs(call.args()));
        if (decision.effect() == Effect.ALLOW) {
            return Optional.empty();
        }
        return Optional.of(ToolResult.error(call.tool() + ": " + requested + " leads through a link to "
                + file.relative() + ", which the permissions do not allow (" + decision.effect().word() + " by "
                + decision.rule() + ")"));
    }
}
