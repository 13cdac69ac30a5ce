package dev.bridle.access;

import static dev.bridle.access.Rules.paths;
import static dev.bridle.access.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShellRulePathsTest {

    /** A workspace holding docs/, docs/a.md, src/, src/main.py, notes.txt. */
    private static final Set<String> EXISTING = Set.of("docs", "docs/a.md", "src", "src/main.py", "notes.txt");

    private static PermissionCheck check(PermissionRule... rules) {
        return PermissionCheck.of(new Permissions(Effect.DENY, List.of(rules)))
                .withExistingPaths(word -> WorkspacePath.normalise(word) instanceof PathCheck.Inside inside
                        && EXISTING.contains(inside.relative()));
    }

    private static Decision shell(PermissionCheck check, String command) {
        return check.check(AccessRequest.of("a", "shell").withCommand(command));
    }

    @Test
    void aShellRuleWithPathsMatchesWhenEveryPathArgumentIsInside() {
        PermissionCheck check = check(paths("docs", Effect.ALLOW, "shell:cat", "docs/**"));
        assertThat(shell(check, "cat docs/a.md").rule()).isEqualTo("docs");
        assertThat(shell(check, "cat -n docs/a.md docs/new.md").effect()).isEqualTo(Effect.ALLOW);
        assertThat(shell(check, "cat docs/a.md notes.txt").rule()).isEqualTo(Decision.DEFAULT);
        assertThat(shell(check, "cat docs/a.md src/main.py").effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void absoluteEscapingAndHomePathsNeverFallInside() {
        PermissionCheck check = check(paths("docs", Effect.ALLOW, "shell:cat", "docs/**"),
                paths("all", Effect.ALLOW, "shell:ls", "**"));
        for (String command : List.of("cat /etc/passwd", "cat docs/../../x", "cat ~/x", "cat ..", "cat docs/a.md ..",
                "ls /", "ls ../..", "ls ~", "ls -d ../x")) {
            assertThat(shell(check, command).effect()).as(command).isEqualTo(Effect.DENY);
        }
    }

    @Test
    void optionValuesCountAsArguments() {
        PermissionCheck check = check(paths("docs", Effect.ALLOW, "shell:grep", "docs/**"));
        assertThat(shell(check, "grep -r '--include=*.md' x docs").effect()).isEqualTo(Effect.ALLOW);
        assertThat(shell(check, "grep --exclude-from=../x y docs/a.md").effect()).isEqualTo(Effect.DENY);
        assertThat(shell(check, "grep --file=../x docs/a.md").effect()).isEqualTo(Effect.DENY);
        assertThat(shell(check, "grep -f../x docs/a.md").effect()).isEqualTo(Effect.DENY);
        assertThat(shell(check, "grep -f docs/a.md docs/a.md").effect()).isEqualTo(Effect.ALLOW);
        assertThat(shell(check, "grep -fnotes.txt x docs/a.md").effect()).isEqualTo(Effect.DENY);
        assertThat(shell(check, "grep -ifnotes.txt x docs/a.md").effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void anExistingEntryIsAPathEvenWithoutASlash() {
        PermissionCheck check = check(paths("docs", Effect.ALLOW, "shell:cat", "docs/**"));
        assertThat(shell(check, "cat notes.txt").effect()).isEqualTo(Effect.DENY);
        // A word that names nothing and does not look like a path is not a path: a pattern, not a file.
        assertThat(check(paths("docs", Effect.ALLOW, "shell:grep", "docs/**"))
                .check(AccessRequest.of("a", "shell").withCommand("grep hello docs/a.md")).effect())
                .isEqualTo(Effect.ALLOW);
    }

    @Test
    void aCommandWithoutPathArgumentsWorksOnTheWorkspaceRoot() {
        assertThat(shell(check(paths("docs", Effect.ALLOW, "shell:ls", "docs/**")), "ls").effect())
                .isEqualTo(Effect.DENY);
        assertThat(shell(check(paths("docs", Effect.ALLOW, "shell:ls", "docs/**")), "ls -la docs").effect())
                .isEqualTo(Effect.ALLOW);
        assertThat(shell(check(paths("all", Effect.ALLOW, "shell:ls", "**")), "ls").effect())
                .isEqualTo(Effect.ALLOW);
    }

    @Test
    void withoutAnExistenceTestEveryPlainWordIsAPath() {
        PermissionCheck check = PermissionCheck.of(new Permissions(Effect.DENY,
                List.of(paths("docs", Effect.ALLOW, "shell:grep", "docs/**"))));
        assertThat(check.check(AccessRequest.of("a", "shell").withCommand("grep hello docs/a.md")).effect())
                .isEqualTo(Effect.DENY);
    }

    @Test
    void aDenyRuleWithPathsMatchesWhenAnyArgumentIsInsideOrMayHoldIt() {
        PermissionCheck check = check(rule("all", Effect.ALLOW, "shell:grep"),
                paths("secrets", Effect.DENY, "shell:*", "src/**"));
        assertThat(shell(check, "grep x docs/a.md src/main.py").rule()).isEqualTo("secrets");
        assertThat(shell(check, "grep -r x .").rule()).isEqualTo("secrets");
        assertThat(shell(check, "grep -r x").rule()).isEqualTo("secrets");
        assertThat(shell(check, "grep x docs/a.md").rule()).isEqualTo("all");
    }

    @Test
    void scriptsOfNamedProgramsAreNotTakenForPaths() {
        PermissionCheck check = check(paths("docs", Effect.ALLOW, "shell:sed", "docs/**"));
        assertThat(shell(check, "sed -n 's/a/b/p' docs/a.md").effect()).isEqualTo(Effect.ALLOW);
        assertThat(shell(check, "sed -n 's/a/b/p' src/main.py").effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void sedInPlaceNeedsTheWriteRules() {
        PermissionCheck check = check(rule("sed", Effect.ALLOW, "shell:sed"),
                paths("write", Effect.ALLOW, "fs.write", "docs/**"));
        assertThat(shell(check, "sed -i s/a/b/ docs/a.md").effect()).isEqualTo(Effect.ALLOW);
        Decision outside = shell(check, "sed -i s/a/b/ src/main.py");
        assertThat(outside.rule()).isEqualTo(Decision.SHELL);
        assertThat(outside.reason()).contains("src/main.py", "fs.write", "default");
    }

    @Test
    void aProgramWithASlashMatchesNoGlobButALiteralRule() {
        PermissionCheck globs = check(rule("ls", Effect.ALLOW, "shell:ls*"), rule("any", Effect.ALLOW, "shell:*"));
        assertThat(shell(globs, "ls/x -la").effect()).isEqualTo(Effect.DENY);
        assertThat(shell(globs, "./ls").effect()).isEqualTo(Effect.DENY);
        assertThat(shell(globs, "lsblk").effect()).isEqualTo(Effect.ALLOW);
        PermissionCheck literal = check(rule("git", Effect.ALLOW, "shell:/usr/bin/git"));
        assertThat(shell(literal, "/usr/bin/git status").effect()).isEqualTo(Effect.ALLOW);
        assertThat(shell(literal, "/usr/bin/../bin/git status").rule()).isEqualTo(Decision.SHELL);
        assertThat(shell(literal, "/usr//bin/git status").effect()).isEqualTo(Effect.DENY);
        // Deny rules still reach the base name, whatever the path.
        assertThat(shell(check(rule("all", Effect.ALLOW, "shell"), rule("rm", Effect.DENY, "shell:r*")),
                "/bin/rm x").rule()).isEqualTo("rm");
    }

    @Test
    void theExplanationNamesTheArgumentOutsideTheRulesPaths() {
        Explanation why = check(paths("docs", Effect.ALLOW, "shell:cat", "docs/**"))
                .explain(AccessRequest.of("a", "shell").withCommand("cat docs/a.md notes.txt"));
        assertThat(why.rules()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RuleOutcome.Status.PATH_DIFFERS);
            assertThat(o.detail()).isEqualTo("notes.txt");
        });
        Explanation escape = check(paths("docs", Effect.ALLOW, "shell:cat", "docs/**"))
                .explain(AccessRequest.of("a", "shell").withCommand("cat ../x"));
        assertThat(escape.rules().getFirst().detail()).contains("outside the workspace");
    }

    @Test
    void aWordIsJudgedAsWrittenAndAsTheOperatingSystemWouldOpenIt() {
        // docs/top is a link to ../top.txt: as written it is under docs/**, as opened it is not.
        PermissionCheck check = check(paths("docs", Effect.ALLOW, "shell:cat", "docs/**"))
                .withRealPaths(relative -> relative.equals("docs/top") ? "top.txt" : relative);
        assertThat(shell(check, "cat docs/a.md").effect()).isEqualTo(Effect.ALLOW);
        assertThat(shell(check, "cat docs/top").effect()).isEqualTo(Effect.DENY);
        PermissionCheck deny = check(rule("all", Effect.ALLOW, "shell:cat"),
                paths("no-top", Effect.DENY, "shell:*", "top.txt"))
                .withRealPaths(relative -> relative.equals("docs/top") ? "top.txt" : relative);
        assertThat(shell(deny, "cat docs/top").rule()).isEqualTo("no-top");
    }
}
