package dev.bridle.access;

/** Whether a requested path names something inside the workspace, and if so which workspace-relative path. */
public sealed interface PathCheck permits PathCheck.Inside, PathCheck.Refused {

    /**
     * The path lies inside the workspace.
     *
     * @param relative the normalised workspace-relative path, segments joined by {@code /}; {@code .} is the root
     */
    record Inside(String relative) implements PathCheck {}

    /**
     * The path is refused.
     *
     * @param reason why, in words fit for an explanation or a tool error
     */
    record Refused(String reason) implements PathCheck {}
}
