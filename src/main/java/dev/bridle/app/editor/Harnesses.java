package dev.bridle.app.editor;

import dev.bridle.policy.Agent;
import dev.bridle.policy.ContextPolicy;
import dev.bridle.policy.Coordination;
import dev.bridle.policy.ErrorPolicy;
import dev.bridle.policy.GuardSpec;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import dev.bridle.policy.Permissions;
import dev.bridle.policy.Position;
import dev.bridle.policy.SandboxMode;
import dev.bridle.policy.ToolDeclarations;
import dev.bridle.policy.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of a harness with one part replaced. Harnesses are immutable records, so every edit builds a new one from
 * these.
 */
public final class Harnesses {

    /** The agent a new document starts with, so that an agent node has someone to run. */
    public static final String FIRST_AGENT = "assistant";

    private Harnesses() {}

    /** A new document: one agent that may be offered the file tools, no nodes, default-deny permissions. */
    public static Harness blank(String name) {
        return new Harness(name, "", Map.of(FIRST_AGENT, new Agent(FIRST_AGENT, "You help the user.", List.of("fs.read", "fs.write"))),
                new Workflow("", Map.of()), List.of(), Permissions.DENY_ALL, ContextPolicy.UNMANAGED,
                Coordination.DEFAULT, ErrorPolicy.DEFAULT, Map.of(), ToolDeclarations.NONE,
                SandboxMode.REQUIRED);
    }

    public static Harness withName(Harness h, String name) {
        return new Harness(name, h.description(), h.agents(), h.workflow(), h.guards(), h.permissions(),
                h.context(), h.coordination(), h.onError(), h.layout(), h.tools(), h.sandbox(),
                h.limits(), h.gateway());
    }

    public static Harness withDescription(Harness h, String description) {
        return new Harness(h.name(), description, h.agents(), h.workflow(), h.guards(), h.permissions(),
                h.context(), h.coordination(), h.onError(), h.layout(), h.tools(), h.sandbox(),
                h.limits(), h.gateway());
    }

    public static Harness withAgents(Harness h, Map<String, Agent> agents) {
        return new Harness(h.name(), h.description(), agents, h.workflow(), h.guards(), h.permissions(),
                h.context(), h.coordination(), h.onError(), h.layout(), h.tools(), h.sandbox(),
                h.limits(), h.gateway());
    }

    public static Harness withWorkflow(Harness h, Workflow workflow) {
        return new Harness(h.name(), h.description(), h.agents(), workflow, h.guards(), h.permissions(),
                h.context(), h.coordination(), h.onError(), h.layout(), h.tools(), h.sandbox(),
                h.limits(), h.gateway());
    }

    public static Harness withNodes(Harness h, Map<String, Node> nodes) {
        return withWorkflow(h, new Workflow(h.workflow().start(), nodes));
    }

    public static Harness withStart(Harness h, String start) {
        return withWorkflow(h, new Workflow(start, h.workflow().nodes()));
    }

    public static Harness withGuards(Harness h, List<GuardSpec> guards) {
        return new Harness(h.name(), h.description(), h.agents(), h.workflow(), guards, h.permissions(),
                h.context(), h.coordination(), h.onError(), h.layout(), h.tools(), h.sandbox(),
                h.limits(), h.gateway());
    }

    public static Harness withPermissions(Harness h, Permissions permissions) {
        return new Harness(h.name(), h.description(), h.agents(), h.workflow(), h.guards(), permissions,
                h.context(), h.coordination(), h.onError(), h.layout(), h.tools(), h.sandbox(),
                h.limits(), h.gateway());
    }

    public static Harness withCoordination(Harness h, Coordination coordination) {
        return new Harness(h.name(), h.description(), h.agents(), h.workflow(), h.guards(), h.permissions(),
                h.context(), coordination, h.onError(), h.layout(), h.tools(), h.sandbox(),
                h.limits(), h.gateway());
    }

    public static Harness withLayout(Harness h, Map<String, Position> layout) {
        return new Harness(h.name(), h.description(), h.agents(), h.workflow(), h.guards(), h.permissions(),
                h.context(), h.coordination(), h.onError(), layout, h.tools(), h.sandbox(), h.limits(), h.gateway());
    }

    /** The nodes in document order, as a map that can be changed. */
    static LinkedHashMap<String, Node> nodes(Harness h) {
        return new LinkedHashMap<>(h.workflow().nodes());
    }

    /** The layout, as a map that can be changed. */
    static LinkedHashMap<String, Position> layout(Harness h) {
        return new LinkedHashMap<>(h.layout());
    }

    /** Replaces the value at {@code oldKey} by {@code newKey → value}, keeping its place in the order. */
    static <V> LinkedHashMap<String, V> rekeyed(Map<String, V> map, String oldKey, String newKey, V value) {
        LinkedHashMap<String, V> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k.equals(oldKey)) {
                out.put(newKey, value);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
