package dev.bridle.access;

import static dev.bridle.access.Rules.agents;
import static dev.bridle.access.Rules.hosts;
import static dev.bridle.access.Rules.paths;
import static dev.bridle.access.Rules.rule;
import static dev.bridle.access.Rules.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionCheckTest {

    private static PermissionCheck check(PermissionRule... rules) {
        return PermissionCheck.of(new Permissions(Effect.DENY, List.of(rules)));
    }

    private static AccessRequest read(String path) {
        return AccessRequest.of("coder", "fs.read").withPath(path);
    }

    @Test
    void nothingMatchingFallsToTheDefault() {
        Decision decision = check(rule("w", Effect.ALLOW, "fs.write")).check(read("a.txt"));
        assertThat(decision).isEqualTo(new Decision(Effect.DENY, "default", "no rule matched"));
        Decision allowAll = PermissionCheck.of(new Permissions(Effect.ALLOW, List.of())).check(read("a.txt"));
        assertThat(allowAll.effect()).isEqualTo(Effect.ALLOW);
    }

    @Test
    void denyBeatsAskAndAllowWhateverTheOrder() {
        List<PermissionRule> rules = new ArrayList<>(List.of(
                rule("allow-fs", Effect.ALLOW, "fs.*"), rule("ask-read", Effect.ASK, "fs.read"),
                rule("deny-read", Effect.DENY, "fs.read")));
        for (int i = 0; i < 6; i++) {
            Collections.rotate(rules, 1);
            if (i == 3) {
                Collections.reverse(rules);
            }
            Decision decision = PermissionCheck.of(new Permissions(Effect.DENY, rules)).check(read("a"));
            assertThat(decision.effect()).as("order %s", rules).isEqualTo(Effect.DENY);
            assertThat(decision.rule()).isEqualTo("deny-read");
        }
    }

    @Test
    void askBeatsAllowWhateverTheOrder() {
        PermissionRule allow = rule("allow", Effect.ALLOW, "fs.read");
        PermissionRule ask = rule("ask", Effect.ASK, "fs.*");
        assertThat(check(allow, ask).check(read("a"))).isEqualTo(new Decision(Effect.ASK, "ask", "rule matched"));
        assertThat(check(ask, allow).check(read("a"))).isEqualTo(new Decision(Effect.ASK, "ask", "rule matched"));
    }

    @Test
    void firstRuleOfTheWinningEffectDecides() {
        Decision decision = check(rule("one", Effect.ALLOW, "fs.*"), rule("two", Effect.ALLOW, "fs.read"))
                .check(read("a"));
        assertThat(decision.rule()).isEqualTo("one");
    }

    @Test
    void pathsAreMatchedAfterNormalisation() {
        PermissionCheck check = check(
                paths("src", Effect.ALLOW, "fs.read", "workspace/src/**"),
                paths("secrets", Effect.DENY, "fs.*", "secrets/**"));
        assertThat(check.check(read("src/a.txt")).effect()).isEqualTo(Effect.ALLOW);
        assertThat(check.check(read("src/../secrets/key")).rule()).isEqualTo("secrets");
        assertThat(check.check(read("src/./../src/a")).effect()).isEqualTo(Effect.ALLOW);
    }

    @Test
    void escapingPathIsDeniedBeforeAnyRule() {
        Decision decision = check(rule("all", Effect.ALLOW, "*")).check(read("src/../../etc/passwd"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.rule()).isEqualTo(Decision.PATH_SCOPE);
        assertThat(check(rule("all", Effect.ALLOW, "*")).check(read("%2e%2e/x")).rule()).isEqualTo("path-scope");
    }

    @Test
    void ruleWithPathsDoesNotMatchACallWithoutPath() {
        Decision decision = check(paths("src", Effect.ALLOW, "fs.*", "**")).check(AccessRequest.of("a", "fs.list"));
        assertThat(decision.rule()).isEqualTo("default");
    }

    @Test
    void agentListRestrictsTheRule() {
        PermissionCheck check = check(agents("only-coder", Effect.ALLOW, "fs.read", "coder"));
        assertThat(check.check(read("a")).effect()).isEqualTo(Effect.ALLOW);
        assertThat(check.check(AccessRequest.of("reviewer", "fs.read").withPath("a")).effect())
                .isEqualTo(Effect.DENY);
    }

    @Test
    void hostsMatchCanonicalNames() {
        PermissionCheck check = check(hosts("api", Effect.ALLOW, "http.get", "*.example.com"));
        AccessRequest request = AccessRequest.of("a", "http.get").withHost("API.Example.COM.");
        assertThat(check.check(request).effect()).isEqualTo(Effect.ALLOW);
        assertThat(check.check(request.withHost("example.com")).effect()).isEqualTo(Effect.DENY);
        assertThat(check.check(request.withHost("bad host")).rule()).isEqualTo(Decision.HOST_NAME);
    }

    @Test
    void conditionIsEvaluatedByTheInjectedEvaluator() {
        Permissions permissions = new Permissions(Effect.DENY, List.of(when("big", Effect.ALLOW, "fs.read", "x")));
        assertThat(PermissionCheck.of(permissions, (r, q) -> true).check(read("a")).effect()).isEqualTo(Effect.ALLOW);
        assertThat(PermissionCheck.of(permissions, (r, q) -> false).check(read("a")).rule()).isEqualTo("default");
    }

    @Test
    void throwingConditionFailsClosedEvenOnAnAllowRule() {
        Permissions permissions = new Permissions(Effect.ALLOW, List.of(when("c", Effect.ALLOW, "fs.read", "x")));
        Decision decision = PermissionCheck.of(permissions, (r, q) -> {
            throw new IllegalStateException("boom");
        }).check(read("a"));
        assertThat(decision).isEqualTo(new Decision(Effect.DENY, "c", "condition failed, fail closed"));
    }

    @Test
    void conditionWithoutAnEvaluatorFailsClosed() {
        Decision decision = check(rule("ok", Effect.ALLOW, "fs.*"), when("c", Effect.ASK, "fs.read", "true"))
                .check(read("a"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.rule()).isEqualTo("c");
    }

    @Test
    void shellRulesNameTheProgram() {
        PermissionCheck check = check(rule("git", Effect.ALLOW, "shell:git"), rule("rm", Effect.DENY, "shell:rm"),
                rule("any", Effect.ASK, "shell:*"));
        AccessRequest shell = AccessRequest.of("a", "shell");
        assertThat(check.check(shell.withCommand("git status")).effect()).isEqualTo(Effect.ASK);
        assertThat(check(rule("git", Effect.ALLOW, "shell:git")).check(shell.withCommand("git status")).effect())
                .isEqualTo(Effect.ALLOW);
        assertThat(check.check(shell.withCommand("/bin/rm -rf x")).rule()).isEqualTo("rm");
        assertThat(check(rule("git", Effect.ALLOW, "shell:git")).check(shell.withCommand("./git x")).effect())
                .isEqualTo(Effect.DENY);
    }

    @Test
    void compoundShellCommandIsDeniedBeforeAnyRule() {
        Decision decision = check(rule("all", Effect.ALLOW, "shell")).check(
                AccessRequest.of("a", "shell").withCommand("git status; rm -rf /"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.rule()).isEqualTo(Decision.SHELL);
        assertThat(decision.reason()).contains("';'");
    }

    @Test
    void wrapperPassesOnlyWhenAnAllowOrAskRuleNamesIt() {
        AccessRequest env = AccessRequest.of("a", "shell").withCommand("env X=1 make");
        assertThat(check(rule("all", Effect.ALLOW, "shell:*")).check(env).rule()).isEqualTo(Decision.SHELL);
        assertThat(check(rule("env", Effect.ASK, "shell:env")).check(env).effect()).isEqualTo(Effect.ASK);
        assertThat(check(rule("env", Effect.DENY, "shell:env"), rule("all", Effect.ALLOW, "shell")).check(env).rule())
                .isEqualTo(Decision.SHELL);
    }

    @Test
    void requestFromAToolCallReadsPathUrlAndCommand() {
        assertThat(AccessRequest.fromCall("a", new ToolCall("fs.read", "{\"path\":\"src/a\"}")).path())
                .contains("src/a");
        assertThat(AccessRequest.fromCall("a", new ToolCall("http.get", "{\"url\":\"https://x.org/p\"}")).host())
                .contains("x.org");
        assertThat(AccessRequest.fromCall("a", new ToolCall("shell", "{\"command\":\"ls -l\"}")).command())
                .contains("ls -l");
        assertThat(AccessRequest.fromCall("a", new ToolCall("fs.read", "not json")).path()).isEmpty();
    }
}
