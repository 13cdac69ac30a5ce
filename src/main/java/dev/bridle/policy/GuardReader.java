package dev.bridle.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code guards} list; each guard has an {@code id} and exactly one kind key. */
final class GuardReader {

    private static final Set<String> KIND_KEYS = Set.of("steps");

    private GuardReader() {}

    static List<GuardSpec> guards(TreeReader r, JsonNode guards, String pointer) {
        List<GuardSpec> out = new ArrayList<>();
        if (guards == null || guards.isNull()) {
            return out;
        }
        if (!guards.isArray()) {
            r.error(pointer, "guards must be a list, not " + TreeReader.describe(guards));
            return out;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < guards.size(); i++) {
            String p = TreeReader.child(pointer, i);
            Optional<JsonNode> g = r.object(guards.get(i), p);
            if (g.isEmpty()) {
                continue;
            }
            Optional<String> id = r.text(g.get(), p, "id", true);
            id.filter(x -> !ids.add(x)).ifPresent(x -> r.error(TreeReader.child(p, "id"),
                    "guard id '" + x + "' is used twice; every guard needs its own id"));
            List<String> kinds = HarnessReader.kindsOf(g.get(), KIND_KEYS);
            Set<String> known = new HashSet<>(KIND_KEYS);
            known.add("id");
            r.onlyKeys(g.get(), p, known);
            if (kinds.size() != 1) {
                if (kinds.size() > 1) {
                    r.error(p, "a guard has exactly one kind; this one has " + kinds);
                } else if (r.entries(g.get()).keySet().stream().allMatch(known::contains)) {
                    r.error(p, "guard needs a kind: one of " + TreeReader.sorted(KIND_KEYS));
                }
                continue;
            }
            if (id.isEmpty()) {
                continue;
            }
            String kp = TreeReader.child(p, kinds.getFirst());
            r.object(g.get().get(kinds.getFirst()), kp).ifPresent(body -> {
                r.onlyKeys(body, kp, Set.of("max"));
                r.positiveInt(body, kp, "max", true).ifPresent(max -> out.add(new GuardSpec.Steps(id.get(), max)));
            });
        }
        return out;
    }
}
