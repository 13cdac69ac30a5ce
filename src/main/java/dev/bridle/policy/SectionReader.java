package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the smaller sections of a harness: permissions, context, coordination and error policies. */
final class SectionReader {

    private SectionReader() {}

    static Permissions permissions(TreeReader r, JsonNode p) {
        if (p.isMissingNode()) {
            return Permissions.DENY_ALL;
        }
        Effect defaultEffect = Effect.ofWord(p.path("default").asText("deny")).orElse(Effect.DENY);
        List<PermissionRule> rules = new ArrayList<>();
        JsonNode list = p.path("rules");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode rule = list.get(i);
            String pointer = TreeReader.child("/permissions/rules", i);
            // Events, explain and what-if name a rule by its id: two rules with one id could not be told apart.
            if (rule.hasNonNull("id") && !ids.add(rule.get("id").asText())) {
                r.error(TreeReader.child(pointer, "id"), "permission rule id '" + rule.get("id").asText()
                        + "' is used twice; every rule needs its own id");
            }
            List<String> effects = HarnessReader.kindsOf(rule, java.util.Set.of("allow", "ask", "deny"));
            if (effects.size() != 1) {
                r.error(pointer, "a permission rule has exactly one of [allow, ask, deny]"
                        + (effects.isEmpty() ? "" : ", not " + effects));
                continue;
            }
            Effect effect = Effect.ofWord(effects.getFirst()).orElseThrow();
            String id = rule.has("id") ? rule.get("id").asText() : "permissions.rules[" + i + "]";
            rules.add(new PermissionRule(id, effect, rule.get(effects.getFirst()).asText(),
                    HarnessReader.texts(rule.path("agents")), HarnessReader.texts(rule.path("paths")),
                    HarnessReader.texts(rule.path("hosts")), rule.has("when") ? rule.get("when").asText() : null));
        }
        return new Permissions(defaultEffect, rules);
    }

    /**
     * The {@code tools:} section. The schema has checked its shape (names, at most one key, string arguments); here a
     * built-in tool's name is refused: its implementation reads the argument its built-in declaration names, so a
     * different declaration would have the gate check one argument while the tool uses another.
     */
    static ToolDeclarations tools(TreeReader r, JsonNode t) {
        Map<String, ToolDeclaration> out = new LinkedHashMap<>();
        r.entries(t).forEach((name, d) -> {
            String pointer = TreeReader.child("/tools", name);
            if (ToolDeclarations.isBuiltIn(name)) {
                r.error(pointer, "tool '" + name + "' is built in and cannot be declared again; it "
                        + describe(ToolDeclarations.BUILT_IN.get(name)) + ". Give your own tool another name");
                return;
            }
            if (d.isEmpty()) {
                out.put(name, ToolDeclaration.NOTHING);
                return;
            }
            String key = d.fieldNames().next();
            out.put(name, ToolDeclaration.of(ToolDeclaration.Touch.ofWord(key).orElseThrow(), d.get(key).asText()));
        });
        return new ToolDeclarations(out);
    }

    /** {@code reads 'path'}, as messages say it. */
    static String describe(ToolDeclaration d) {
        return d.touch() == ToolDeclaration.Touch.NOTHING ? "touches nothing checkable"
                : d.touch().word() + " its argument '" + d.argument() + "'";
    }

    static ContextPolicy context(JsonNode c) {
        if (c.isMissingNode()) {
            return ContextPolicy.UNMANAGED;
        }
        Map<String, String> facts = new LinkedHashMap<>();
        c.path("facts").properties().forEach(e -> facts.put(e.getKey(), e.getValue().asText()));
        return new ContextPolicy(
                c.path("window").asInt(0),
                ContextPolicy.Compaction.ofWord(c.path("compaction").asText("drop-oldest")).orElseThrow(),
                c.path("keepRecent").asInt(4),
                HarnessReader.texts(c.path("pin")),
                facts,
                HarnessReader.texts(c.path("handoff")),
                ContextPolicy.Overflow.ofWord(c.path("overflow").asText("truncate")).orElseThrow());
    }

    static Coordination coordination(JsonNode c) {
        if (c.isMissingNode()) {
            return Coordination.DEFAULT;
        }
        return new Coordination(
                Coordination.Turns.ofWord(c.path("turns").asText("sequential")).orElseThrow(),
                Optional.ofNullable(c.get("supervisor")).map(JsonNode::asText),
                Coordination.Locks.ofWord(c.path("locks").asText("none")).orElseThrow(),
                Coordination.OnBusy.valueOf(c.path("onBusy").asText("refuse").toUpperCase(Locale.ROOT)));
    }

    static Optional<ErrorPolicy> errorPolicy(JsonNode e) {
        if (e.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(new ErrorPolicy(
                e.path("retry").asInt(0),
                e.has("backoff") ? Durations.parse(e.get("backoff").asText()).orElseThrow() : Duration.ZERO,
                ErrorPolicy.Action.valueOf(e.path("then").asText("stop").toUpperCase(Locale.ROOT))));
    }

    /** The run-wide caps; a cap the document leaves out keeps its default (the schema keeps each one positive). */
    static RunLimits runLimits(JsonNode l) {
        if (l.isMissingNode()) {
            return RunLimits.DEFAULT;
        }
        return new RunLimits(
                Math.max(1, l.path("attempts").asInt(RunLimits.DEFAULT_ATTEMPTS)),
                Math.max(1, l.path("events").asInt(RunLimits.DEFAULT_EVENTS)),
                Math.max(1, l.path("transitions").asInt(RunLimits.DEFAULT_TRANSITIONS)));
    }

    /** The {@code gateway:} section; the schema has checked its words and the reader its duration. */
    static GatewayPolicy gateway(JsonNode g) {
        if (g.isMissingNode()) {
            return GatewayPolicy.DEFAULT;
        }
        GatewayPolicy.DeniedCall denied = g.has("denied-call")
                ? GatewayPolicy.DeniedCall.of(g.path("denied-call").asText())
                : GatewayPolicy.DEFAULT.deniedCall();
        Duration timeout = Durations.parse(g.path("approval-timeout").asText(""))
                .filter(d -> !d.isZero() && !d.isNegative())
                .orElse(GatewayPolicy.DEFAULT_APPROVAL_TIMEOUT);
        return new GatewayPolicy(denied, timeout);
    }
}
