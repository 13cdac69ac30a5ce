package dev.bridle.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a scenario against the harness it tests: names in its expectations and stubs that the harness does not have
 * are almost always typos, and a typo in a test makes it pass or fail for the wrong reason.
 */
public final class ScenarioChecks {

    private ScenarioChecks() {}

    /** Warnings about {@code scenario} as a test of {@code harness}. */
    public static List<Problem> check(ScenarioReader.Loaded scenario, Harness harness) {
        List<Problem> out = new ArrayList<>();
        SourceDocument doc = scenario.source();
        Scenario s = scenario.scenario();
        Set<String> rules = rulesOf(harness);
        s.expect().rule().filter(r -> !rules.contains(r)).ifPresent(r -> out.add(Problem.warning(
                doc.locate("/expect/rule"), "/expect/rule", "expect.rule names '" + r + "', which is no guard, node,"
                        + " permission rule or built-in rule of harness '" + harness.name() + "'; rules are "
                        + rules.stream().sorted().toList())));
        Set<String> offered = new LinkedHashSet<>();
        harness.agents().values().forEach(a -> offered.addAll(a.tools()));
        for (String tool : s.tools().keySet()) {
            if (!offered.contains(tool)) {
                String p = TreeReader.child("/tools", tool);
                out.add(Problem.warning(doc.locate(p), p, "tool stub '" + tool + "' is for a tool no agent of '"
                        + harness.name() + "' is offered; tools offered are " + offered.stream().sorted().toList()));
            }
        }
        return out;
    }

    /** Every rule id a run of this harness can end with or name in an event. */
    static Set<String> rulesOf(Harness h) {
        Set<String> rules = new LinkedHashSet<>();
        h.guards().forEach(g -> rules.add(g.id()));
        h.workflow().nodes().keySet().forEach(n -> {
            rules.add(n);
            rules.add("workflow.nodes." + n + ".onError");
            rules.add("workflow.nodes." + n + ".next");
        });
        h.permissions().rules().forEach(r -> rules.add(r.id()));
        h.agents().values().forEach(a -> {
            rules.add("agents." + a.id() + ".limits.steps");
            rules.add("agents." + a.id() + ".limits.turns");
            rules.add("agents." + a.id() + ".limits.tokens");
        });
        rules.addAll(List.of("default", "path-scope", "host-name", "shell-analysis", "onError", "coordination.locks",
                "coordination.supervisor", "context.compaction"));
        return rules;
    }
}
