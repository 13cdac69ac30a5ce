package dev.bridle.access;

import static dev.bridle.access.Rules.agents;
import static dev.bridle.access.Rules.hosts;
import static dev.bridle.access.Rules.paths;
import static dev.bridle.access.Rules.rule;
import static dev.bridle.access.Rules.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.Effect;
import dev.bridle.policy.Permissions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainTest {

    private static final Permissions PERMISSIONS = new Permissions(Effect.DENY, List.of(
            paths("read-all", Effect.ALLOW, "fs.read", "workspace/**"),
            paths("write-src", Effect.ALLOW, "fs.write", "workspace/src/**"),
            paths("no-secrets", Effect.DENY, "fs.*", "secrets/**"),
            agents("reviewer-only", Effect.ALLOW, "fs.*", "reviewer"),
            hosts("api", Effect.ALLOW, "http.get", "*.example.com"),
            when("big-files", Effect.ASK, "fs.read", "tool.args.size > 1000"),
            when("odd", Effect.ALLOW, "fs.read", "tool.args.path.matches('x')"),
            rule("shell-ask", Effect.ASK, "shell")));

    private static final ArgumentCondition CONDITIONS = (rule, request) -> switch (rule.id()) {
        case "big-files" -> false;
        default -> throw new IllegalArgumentException("no such field 'path'");
    };

    private static String golden(String name) throws IOException {
        try (InputStream in = ExplainTest.class.getResourceAsStream("/golden/explain/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void explanationOfADenialListsEveryRuleWithWhy() throws IOException {
        Explanation explanation = PermissionCheck.of(PERMISSIONS, CONDITIONS)
                .explain(AccessRequest.of("coder", "fs.read").withPath("src/../secrets/key.pem"));
        assertThat(explanation.render()).isEqualTo(golden("secrets-read.txt"));
    }

    @Test
    void explanationOfAFailedConditionSaysItFailedClosed() throws IOException {
        Explanation explanation = PermissionCheck.of(PERMISSIONS, CONDITIONS)
                .explain(AccessRequest.of("coder", "fs.read").withPath("docs/readme.md"));
        assertThat(explanation.render()).isEqualTo(golden("condition-failed.txt"));
    }

    @Test
    void explanationWithoutEvaluatorAndHostAndDefault() throws IOException {
        Explanation explanation = PermissionCheck.of(PERMISSIONS)
                .explain(AccessRequest.of("coder", "http.get").withHost("Evil.ORG."));
        assertThat(explanation.render()).isEqualTo(golden("host-default.txt"));
    }

    @Test
    void explanationOfARefusedShellCommandNamesTheAnalysis() throws IOException {
        Explanation explanation = PermissionCheck.of(PERMISSIONS)
                .explain(AccessRequest.of("coder", "shell").withCommand("sh -c 'rm -rf /'"));
        assertThat(explanation.render()).isEqualTo(golden("shell-refused.txt"));
        assertThat(explanation.rules()).isEmpty();
    }

    @Test
    void explainAndCheckAlwaysAgree() {
        PermissionCheck check = PermissionCheck.of(PERMISSIONS, CONDITIONS);
        for (String tool : List.of("fs.read", "fs.write", "fs.list", "http.get", "shell")) {
            for (String agent : List.of("coder", "reviewer")) {
                for (String path : List.of("src/a", "secrets/x", "docs/y", "../z")) {
                    AccessRequest request = AccessRequest.of(agent, tool).withPath(path);
                    assertThat(check.explain(request).decision()).as("%s", request).isEqualTo(check.check(request));
                }
            }
        }
    }
}
