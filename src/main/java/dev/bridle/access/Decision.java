package dev.bridle.access;

import dev.bridle.policy.Effect;

/**
 * What the permission check decided for one request.
 *
 * @param effect allow, ask or deny
 * @param rule the id of the deciding rule, {@value #DEFAULT} when no rule matched, or {@value #PATH_SCOPE},
 *     {@value #HOST_NAME}, {@value #SHELL}, {@value #TOOL_ARGUMENTS} when the request was refused before any rule was
 *     considered
 * @param reason a short phrase saying why, fit for an event or a tool error
 */
public record Decision(Effect effect, String rule, String reason) {

    /** The rule id of the default effect. */
    public static final String DEFAULT = "default";

    /** The rule id of a refusal by the path checks. */
    public static final String PATH_SCOPE = "path-scope";

    /** The rule id of a refusal of an unusable host name. */
    public static final String HOST_NAME = "host-name";

    /** The rule id of a refusal by the shell analysis. */
    public static final String SHELL = "shell-analysis";

    /** The rule id of a refusal of a call whose declared argument is missing or is not text. */
    public static final String TOOL_ARGUMENTS = "tool-arguments";
}
