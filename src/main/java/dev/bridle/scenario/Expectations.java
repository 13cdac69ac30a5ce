package dev.bridle.scenario;

import dev.bridle.engine.RunResult;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Scenario;
import java.util.ArrayList;
import java.util.List;

/** Compares a run with its scenario's expectations; every mismatch is one line saying expected and got. */
final class Expectations {

    private Expectations() {}

    static List<String> mismatches(Scenario.Expectation expect, RunResult result, List<RunEvent> events) {
        List<String> out = new ArrayList<>();
        expect.outcome().filter(o -> o != result.outcome()).ifPresent(o ->
                out.add("outcome: expected " + o.word() + ", got " + result.outcome().word() + " (" + result.reason()
                        + ")"));
        expect.rule().filter(r -> !r.equals(result.rule())).ifPresent(r ->
                out.add("rule: expected '" + r + "', got " + (result.rule() == null ? "none" : "'" + result.rule()
                        + "'")));
        expect.step().filter(n -> n != result.steps()).ifPresent(n ->
                out.add("step: expected " + n + ", got " + result.steps()));
        for (String d : expect.denied()) {
            if (!permission(events, "deny", d)) {
                out.add("denied: expected a denial of '" + d + "', got " + permissions(events, "deny"));
            }
        }
        for (String a : expect.allowed()) {
            if (!permission(events, "allow", a)) {
                out.add("allowed: expected '" + a + "' to be allowed, got " + permissions(events, "allow"));
            }
        }
        expect.maxContextTokens().ifPresent(max -> {
            int seen = events.stream().filter(e -> e instanceof RunEvent.ModelRequested)
                    .mapToInt(e -> ((RunEvent.ModelRequested) e).contextTokens()).max().orElse(0);
            if (seen > max) {
                out.add("maxContextTokens: expected at most " + max + ", got " + seen);
            }
        });
        for (String k : expect.events()) {
            if (events.stream().noneMatch(e -> matches(e, k))) {
                out.add("events: expected a '" + k + "' event, got none");
            }
        }
        for (String k : expect.noEvents()) {
            events.stream().filter(e -> matches(e, k)).findFirst().ifPresent(e ->
                    out.add("noEvents: expected no '" + k + "' event, got #" + e.seq() + " " + e.summary()));
        }
        return out;
    }

    /** {@code kind} or {@code kind:rule}. */
    static boolean matches(RunEvent e, String spec) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String rule = colon < 0 ? null : spec.substring(colon + 1);
        return e.kind().equals(kind) && (rule == null || rule.equals(e.rule()));
    }

    private static boolean permission(List<RunEvent> events, String effect, String what) {
        return events.stream().anyMatch(e -> e instanceof RunEvent.PermissionChecked p && p.effect().equals(effect)
                && (p.resource().contains(what) || p.tool().equals(what) || p.rule().equals(what)));
    }

    private static List<String> permissions(List<RunEvent> events, String effect) {
        return events.stream()
                .filter(e -> e instanceof RunEvent.PermissionChecked p && p.effect().equals(effect))
                .map(e -> ((RunEvent.PermissionChecked) e).resource())
                .toList();
    }
}
