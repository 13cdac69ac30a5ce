package dev.bridle.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A harness: the policy document around one or more agents. Immutable; built by {@link HarnessReader}, written back
 * canonically by {@link HarnessWriter}.
 *
 * @param tools what the harness's own tools touch, over the built-in tools' declarations ({@code tools:})
 * @param sandbox whether shell calls must run in the OS sandbox ({@code sandbox:}; required unless {@code none})
 * @param limits the run-wide caps ({@code run.limits}; {@link RunLimits#DEFAULT} when the document has none)
 * @param gateway how {@code bridle gateway} acts on live traffic ({@code gateway:}; {@link GatewayPolicy#DEFAULT})
 */
public record Harness(
        String name,
        String description,
        Map<String, Agent> agents,
        Workflow workflow,
        List<GuardSpec> guards,
        Permissions permissions,
        ContextPolicy context,
        Coordination coordination,
        ErrorPolicy onError,
        Map<String, Position> layout,
        ToolDeclarations tools,
        SandboxMode sandbox,
        RunLimits limits,
        GatewayPolicy gateway) {

    /** The version of the document format this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    public Harness {
        agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
        guards = List.copyOf(guards);
        layout = Collections.unmodifiableMap(new LinkedHashMap<>(layout));
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(gateway, "gateway");
    }

    /** A harness with the default gateway settings. */
    public Harness(String name, String description, Map<String, Agent> agents, Workflow workflow,
            List<GuardSpec> guards, Permissions permissions, ContextPolicy context, Coordination coordination,
            ErrorPolicy onError, Map<String, Position> layout, ToolDeclarations tools, SandboxMode sandbox,
            RunLimits limits) {
        this(name, description, agents, workflow, guards, permissions, context, coordination, onError, layout, tools,
                sandbox, limits, GatewayPolicy.DEFAULT);
    }

    /** A harness with the default run limits. */
    public Harness(String name, String description, Map<String, Agent> agents, Workflow workflow,
            List<GuardSpec> guards, Permissions permissions, ContextPolicy context, Coordination coordination,
            ErrorPolicy onError, Map<String, Position> layout, ToolDeclarations tools, SandboxMode sandbox) {
        this(name, description, agents, workflow, guards, permissions, context, coordination, onError, layout, tools,
                sandbox, RunLimits.DEFAULT, GatewayPolicy.DEFAULT);
    }
}
