package dev.bridle.access;

import static dev.bridle.access.Rules.agents;
import static dev.bridle.access.Rules.hosts;
import static dev.bridle.access.Rules.paths;
import static dev.bridle.access.Rules.rule;
import static dev.bridle.access.Rules.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import java.util.List;
import org.junit.jupiter.api.Test;

class NarrowingTest {

    private static Permissions deny(PermissionRule... rules) {
        return new Permissions(Effect.DENY, List.of(rules));
    }

    private static List<String> widened(Permissions parent, Permissions child) {
        return Narrowing.widenings(parent, child).stream().map(Narrowing.Widening::childRule).distinct().toList();
    }

    @Test
    void childInsideTheParentIsFine() {
        Permissions parent = deny(paths("p", Effect.ALLOW, "fs.*", "workspace/**"), rule("s", Effect.ASK, "shell"));
        Permissions child = deny(paths("c", Effect.ALLOW, "fs.read", "src/**"), rule("g", Effect.ASK, "shell:git"),
                paths("d", Effect.DENY, "fs.write", "**"));
        assertThat(Narrowing.widenings(parent, child)).isEmpty();
    }

    @Test
    void childAllowingAnotherToolIsReported() {
        Permissions parent = deny(rule("p", Effect.ALLOW, "fs.read"));
        assertThat(widened(parent, deny(rule("c", Effect.ALLOW, "fs.*")))).containsExactly("c");
        assertThat(widened(parent, deny(rule("c", Effect.ALLOW, "fs.write")))).containsExactly("c");
    }

    @Test
    void childAllowingAWiderPathIsReported() {
        Permissions parent = deny(paths("p", Effect.ALLOW, "fs.read", "src/**"));
        assertThat(widened(parent, deny(paths("c", Effect.ALLOW, "fs.read", "**")))).containsExactly("c");
        assertThat(widened(parent, deny(rule("c", Effect.ALLOW, "fs.read")))).containsExactly("c");
        assertThat(widened(parent, deny(paths("c", Effect.ALLOW, "fs.read", "srcx/**")))).containsExactly("c");
        assertThat(widened(parent, deny(paths("c", Effect.ALLOW, "fs.read", "src/*/a.txt")))).isEmpty();
    }

    @Test
    void childAllowingWhatTheParentOnlyAsksForIsReported() {
        Permissions parent = deny(rule("p", Effect.ASK, "shell"));
        assertThat(widened(parent, deny(rule("c", Effect.ALLOW, "shell:git")))).containsExactly("c");
    }

    @Test
    void conditionalParentRuleCoversNothing() {
        Permissions parent = deny(when("p", Effect.ALLOW, "fs.read", "x"));
        assertThat(widened(parent, deny(rule("c", Effect.ALLOW, "fs.read")))).containsExactly("c");
    }

    @Test
    void parentDenyTheChildDropsIsReported() {
        Permissions parent = deny(rule("all", Effect.ALLOW, "fs.*"), paths("no", Effect.DENY, "fs.*", "secrets/**"));
        assertThat(widened(parent, deny(rule("c", Effect.ALLOW, "fs.read")))).containsExactly("c");
        assertThat(widened(parent, deny(rule("c", Effect.ALLOW, "fs.read"),
                paths("no", Effect.DENY, "fs.*", "secrets/**")))).isEmpty();
        assertThat(widened(parent, deny(paths("c", Effect.ALLOW, "fs.read", "src/**")))).isEmpty();
    }

    @Test
    void widerDefaultIsReported() {
        assertThat(widened(deny(), new Permissions(Effect.ASK, List.of()))).containsExactly("default");
    }

    @Test
    void agentsAndHostsMustBeCovered() {
        Permissions parent = deny(agents("p", Effect.ALLOW, "fs.read", "coder"),
                hosts("h", Effect.ALLOW, "http.get", "*.example.com"));
        assertThat(widened(parent, deny(rule("c", Effect.ALLOW, "fs.read")))).containsExactly("c");
        assertThat(widened(parent, deny(agents("c", Effect.ALLOW, "fs.read", "coder")))).isEmpty();
        assertThat(widened(parent, deny(hosts("c", Effect.ALLOW, "http.get", "api.example.com")))).isEmpty();
        assertThat(widened(parent, deny(hosts("c", Effect.ALLOW, "http.get", "a.b.example.com"))))
                .containsExactly("c");
    }
}
