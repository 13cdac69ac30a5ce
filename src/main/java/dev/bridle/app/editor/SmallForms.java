package dev.bridle.app.editor;

import dev.bridle.policy.Agent;
import dev.bridle.policy.Coordination;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Harness;
import dev.bridle.policy.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The inspector's smaller forms: the harness itself (nothing selected), an edge, and an agent. */
public final class SmallForms {

    private SmallForms() {}

    /** The harness: name, description, start node, default permission, locks. */
    public static Form harness(Supplier<Harness> harness) {
        return new Form() {
            @Override
            public String title() {
                return "harness";
            }

            @Override
            public List<Field> fields() {
                Harness h = harness.get();
                return h == null ? List.of() : List.of(
                        Field.text("name", "the harness's name"),
                        Field.text("description", "what the harness is for"),
                        Field.choice("start", List.copyOf(h.workflow().nodes().keySet()), "the node a run starts at"),
                        Field.choice("permissions default",
                                Arrays.stream(Effect.values()).map(Effect::word).toList(),
                                "what a tool call no rule matches gets"),
                        Field.choice("locks", Arrays.stream(Coordination.Locks.values())
                                .map(Coordination.Locks::word).toList(), "whether writes take per-path locks"));
            }

            @Override
            public Map<String, String> values() {
                Harness h = harness.get();
                Map<String, String> v = new LinkedHashMap<>();
                if (h != null) {
                    v.put("name", h.name());
                    v.put("description", h.description());
                    v.put("start", h.workflow().start());
                    v.put("permissions default", h.permissions().defaultEffect().word());
                    v.put("locks", h.coordination().locks().word());
                }
                return v;
            }

            @Override
            public Edit edit(String key, String value) {
                return switch (key) {
                    case "name" -> HarnessEdits.rename(value.strip());
                    case "description" -> HarnessEdits.describe(value.strip());
                    case "start" -> NodeEdits.setStart(value);
                    case "permissions default" -> PermissionEdits.setDefault(Effect.ofWord(value).orElseThrow(() ->
                            new IllegalArgumentException("'" + value + "' is not allow, ask or deny")));
                    case "locks" -> Edit.of("Locks " + value, h -> Harnesses.withCoordination(h,
                            new Coordination(h.coordination().turns(), h.coordination().supervisor(),
                                    Coordination.Locks.ofWord(value).orElseThrow(() ->
                                    new IllegalArgumentException("'" + value + "' is not a kind of locks")),
                            h.coordination().onBusy())));
                    default -> throw new IllegalArgumentException("no field '" + key + "'");
                };
            }
        };
    }

    /** An edge: where it goes, and for a {@code next} edge its condition. */
    public static Form edge(Supplier<Harness> harness, EdgeRef ref) {
        return new Form() {
            @Override
            public String title() {
                return ref.port().word() + " edge '" + ref.from() + "' → '" + ref.to() + "'";
            }

            @Override
            public List<Field> fields() {
                List<Field> f = new ArrayList<>(List.of(Field.shown("from", "the node the edge leaves"),
                        Field.shown("port", "the key it is written under"), Field.shown("to", "the node it enters")));
                if (ref.port() == Port.NEXT) {
                    f.add(Field.cel("condition", "taken only when this holds; empty: always"));
                }
                return f;
            }

            @Override
            public Map<String, String> values() {
                Map<String, String> v = new LinkedHashMap<>();
                v.put("from", ref.from());
                v.put("port", ref.port().word());
                v.put("to", ref.to());
                Harness h = harness.get();
                Node n = h == null ? null : h.workflow().nodes().get(ref.from());
                String when = n == null ? null : EdgeRef.of(n).stream().filter(ref::sameAs).findFirst()
                        .map(EdgeRef::when).orElse(null);
                v.put("condition", when == null ? "" : when);
                return v;
            }

            @Override
            public Edit edit(String key, String value) {
                if (!key.equals("condition")) {
                    throw new IllegalArgumentException("only the condition of an edge can be changed here");
                }
                return NodeEdits.setCondition(ref, value);
            }
        };
    }

    /** An agent: role, system prompt, tools, parent, limits. */
    public static Form agent(Supplier<Harness> harness, String id) {
        return new Form() {
            private Optional<Agent> agent() {
                Harness h = harness.get();
                return h == null ? Optional.empty() : Optional.ofNullable(h.agents().get(id));
            }

            @Override
            public String title() {
                return "agent '" + id + "'";
            }

            @Override
            public List<Field> fields() {
                List<String> parents = new ArrayList<>(List.of(""));
                if (harness.get() != null) {
                    harness.get().agents().keySet().stream().filter(a -> !a.equals(id)).forEach(parents::add);
                }
                return List.of(Field.shown("id", "the key under agents"), Field.text("role", "what it is for"),
                        Field.text("system", "the system prompt"), Field.list("tools", "the tools it is offered"),
                        Field.choice("parent", parents, "a subagent never holds more permissions than its parent"),
                        Field.number("max steps", "0: no limit"), Field.number("max turns", "0: no limit"),
                        Field.number("max tokens", "0: no limit"));
            }

            @Override
            public Map<String, String> values() {
                Map<String, String> v = new LinkedHashMap<>();
                agent().ifPresent(a -> {
                    v.put("id", a.id());
                    v.put("role", a.role());
                    v.put("system", a.system());
                    v.put("tools", String.join(", ", a.tools()));
                    v.put("parent", a.parent().orElse(""));
                    v.put("max steps", String.valueOf(a.limits().steps()));
                    v.put("max turns", String.valueOf(a.limits().turns()));
                    v.put("max tokens", String.valueOf(a.limits().tokens()));
                });
                return v;
            }

            @Override
            public Edit edit(String key, String value) {
                Agent a = agent().orElseThrow(() -> new IllegalArgumentException("the agent is gone"));
                String v = value == null ? "" : value.strip();
                Agent.Limits l = a.limits();
                Agent next = switch (key) {
                    case "role" -> new Agent(id, v, a.system(), a.tools(), a.parent(), l);
                    case "system" -> new Agent(id, a.role(), v, a.tools(), a.parent(), l);
                    case "tools" -> new Agent(id, a.role(), a.system(), Form.split(v), a.parent(), l);
                    case "parent" -> new Agent(id, a.role(), a.system(), a.tools(),
                            v.isEmpty() ? Optional.empty() : Optional.of(v), l);
                    case "max steps" -> new Agent(id, a.role(), a.system(), a.tools(), a.parent(),
                            new Agent.Limits(Form.number(key, v), l.turns(), l.tokens()));
                    case "max turns" -> new Agent(id, a.role(), a.system(), a.tools(), a.parent(),
                            new Agent.Limits(l.steps(), Form.number(key, v), l.tokens()));
                    case "max tokens" -> new Agent(id, a.role(), a.system(), a.tools(), a.parent(),
                            new Agent.Limits(l.steps(), l.turns(), Form.number(key, v)));
                    default -> throw new IllegalArgumentException("no field '" + key + "'");
                };
                return HarnessEdits.changeAgent(next, key);
            }
        };
    }
}
