package dev.bridle.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A harness: the policy document around one or more agents. Immutable; built by {@link HarnessReader}, written back
 * canonically by {@link HarnessWriter}.
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
        Map<String, Position> layout) {

    /** The version of the document format this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    public Harness {
        agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
        guards = List.copyOf(guards);
        layout = Collections.unmodifiableMap(new LinkedHashMap<>(layout));
    }
}
