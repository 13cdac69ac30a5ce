package dev.bridle.access;

import static dev.bridle.access.Rules.paths;
import static dev.bridle.access.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.Permissions;
import dev.bridle.policy.ToolDeclaration;
import dev.bridle.policy.ToolDeclarations;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A call's resources come from what its tool is declared to touch, and from no other argument. */
class DeclaredToolRequestTest {

    private static final ToolDeclarations DECLARED = new ToolDeclarations(Map.of(
            "read_file", ToolDeclaration.of(ToolDeclaration.Touch.READS, "file_path"),
            "edit_file", ToolDeclaration.of(ToolDeclaration.Touch.WRITES, "target_file"),
            "run_terminal_cmd", ToolDeclaration.of(ToolDeclaration.Touch.RUNS, "command"),
            "web_fetch", ToolDeclaration.of(ToolDeclaration.Touch.FETCHES, "url"),
            "search_docs", ToolDeclaration.NOTHING));

    private static AccessRequest request(String tool, String args) {
        return AccessRequest.fromCall("coder", new ToolCall(tool, args), DECLARED);
    }

    @Test
    void theDeclaredArgumentGivesThePathHostOrCommand() {
        assertThat(request("read_file", "{\"file_path\":\"docs/a.md\",\"path\":\"x\"}").path()).contains("docs/a.md");
        assertThat(request("edit_file", "{\"target_file\":\"src/A.java\"}").path()).contains("src/A.java");
        assertThat(request("web_fetch", "{\"url\":\"https://docs.example.com/a\"}").host())
                .contains("docs.example.com");
        assertThat(request("run_terminal_cmd", "{\"command\":\"git status\"}").command()).contains("git status");
    }

    @Test
    void noOtherArgumentIsEverGuessed() {
        AccessRequest undeclared = request("mystery", "{\"path\":\"../x\",\"url\":\"https://a.example\","
                + "\"command\":\"rm -rf /\"}");
        assertThat(undeclared.path()).isEmpty();
        assertThat(undeclared.host()).isEmpty();
        assertThat(undeclared.command()).isEmpty();
        assertThat(undeclared.unusable()).isEmpty();
        AccessRequest nothing = request("search_docs", "{\"path\":\"../x\"}");
        assertThat(nothing.path()).isEmpty();
        assertThat(nothing.unusable()).isEmpty();
        assertThat(request("read_file", "{\"file_path\":\"a\",\"url\":\"https://a.example\"}").host()).isEmpty();
    }

    @Test
    void aMissingOrNonTextArgumentIsDeniedByToolArguments() {
        PermissionCheck check = PermissionCheck.of(new Permissions(Effect.ALLOW, List.of()));
        for (String args : List.of("{}", "{\"path\":\"a\"}", "{\"file_path\":1}", "{\"file_path\":true}",
                "{\"file_path\":[\"a\"]}", "{\"file_path\":{\"p\":\"a\"}}", "{\"file_path\":null}", "[\"a\"]",
                "not json")) {
            Decision d = check.check(request("read_file", args));
            assertThat(d.effect()).as(args).isEqualTo(Effect.DENY);
            assertThat(d.rule()).as(args).isEqualTo(Decision.TOOL_ARGUMENTS);
        }
        assertThat(check.check(request("read_file", "{\"file_path\":[\"a\"]}")).reason())
                .isEqualTo("argument 'file_path' is a list, not text");
    }

    @Test
    void fsListWithoutAPathListsTheRootAndIsCheckedAsSuch() {
        AccessRequest list = AccessRequest.fromCall("coder", new ToolCall("fs.list", "{}"), ToolDeclarations.NONE);
        assertThat(list.path()).contains(".");
        assertThat(list.unusable()).isEmpty();
        assertThat(AccessRequest.fromCall("coder", new ToolCall("fs.read", "{}"), ToolDeclarations.NONE).unusable())
                .isPresent();
    }

    @Test
    void pathRulesScopeADeclaredToolLikeABuiltInOne() {
        PermissionCheck check = PermissionCheck.of(new Permissions(Effect.DENY, List.of(
                paths("docs", Effect.ALLOW, "read_file", "docs/**"))));
        assertThat(check.check(request("read_file", "{\"file_path\":\"docs/a.md\"}")).rule()).isEqualTo("docs");
        assertThat(check.check(request("read_file", "{\"file_path\":\"docs/../src/a\"}")).rule()).isEqualTo("default");
        assertThat(check.check(request("read_file", "{\"file_path\":\"../outside\"}")).rule())
                .isEqualTo(Decision.PATH_SCOPE);
    }

    @Test
    void aProgramRuleNamesTheProgramOfAnyToolThatRunsCommands() {
        PermissionCheck check = PermissionCheck.of(new Permissions(Effect.DENY, List.of(
                rule("git", Effect.ALLOW, "run_terminal_cmd:git"), rule("env", Effect.ALLOW, "run_terminal_cmd:env"))));
        assertThat(check.check(request("run_terminal_cmd", "{\"command\":\"git status\"}")).rule()).isEqualTo("git");
        assertThat(check.check(request("run_terminal_cmd", "{\"command\":\"cat /etc/passwd\"}")).rule())
                .isEqualTo("default");
        assertThat(check.check(request("run_terminal_cmd", "{\"command\":\"git log | sh\"}")).rule())
                .isEqualTo(Decision.SHELL);
        assertThat(check.namedCommands("run_terminal_cmd")).containsExactly("env", "git");
        assertThat(check.namedCommands()).as("naming env for one tool does not let the shell tool run it").isEmpty();
        assertThat(check.check(AccessRequest.fromCall("coder", new ToolCall("shell", "{\"command\":\"env rm x\"}"),
                DECLARED)).rule()).isEqualTo(Decision.SHELL);
    }

    @Test
    void aDeclaredFetcherIsMatchedByItsUrlsHost() {
        PermissionCheck check = PermissionCheck.of(new Permissions(Effect.DENY, List.of(
                Rules.hosts("site", Effect.ALLOW, "web_fetch", "docs.example.com"))));
        assertThat(check.check(request("web_fetch", "{\"url\":\"https://docs.example.com/x\"}")).rule())
                .isEqualTo("site");
        assertThat(check.check(request("web_fetch", "{\"url\":\"https://docs.example.com@evil.example/\"}")).rule())
                .as("user information in a URL is refused before any rule").isEqualTo(Decision.HOST_NAME);
        assertThat(Optional.of(request("web_fetch", "{\"url\":\"not a url\"}").host())).contains(Optional.of(""));
    }
}
