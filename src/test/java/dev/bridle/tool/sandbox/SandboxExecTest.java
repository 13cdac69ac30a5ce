package dev.bridle.tool.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The macOS profile is generated and read here; sandbox-exec itself cannot run on Linux, where these tests run. */
class SandboxExecTest {

    private static final Path WS = Path.of("/Users/ann/project");
    private static final Path TMP = Path.of("/private/var/folders/xy/T/bridle-sandbox-1");

    @Test
    void theProfileDeniesByDefaultAndAllowsNoNetwork() {
        String profile = SandboxExec.profile(Confinement.readOnly(WS), TMP);
        assertThat(profile).startsWith("(version 1)\n(deny default)\n");
        assertThat(profile).contains("(deny network*)").doesNotContain("(allow network");
        assertThat(profile).doesNotContain("(subpath \"/\")").doesNotContain("(subpath \"/Users\")");
    }

    @Test
    void theWorkspaceIsReadableAndOnlyTheWritableFoldersAndTmpAreWritable() {
        String profile = SandboxExec.profile(new Confinement(WS, List.of(WS.resolve("docs")),
                List.of(WS.resolve("docs/secrets"))), TMP);
        assertThat(profile).contains("(subpath \"/Users/ann/project\")");
        String write = profile.lines().filter(l -> l.startsWith("(allow file-write*")).findFirst().orElseThrow();
        assertThat(write).isEqualTo("(allow file-write* (literal \"/dev/null\") (subpath \"" + TMP
                + "\") (subpath \"/Users/ann/project/docs\"))");
        // The deny of the deny-covered folder comes after the allow, since later rules win.
        assertThat(profile.indexOf("(deny file-write* (subpath \"/Users/ann/project/docs/secrets\"))"))
                .isGreaterThan(profile.indexOf(write));
        // Ancestors of the workspace get their metadata only, never their contents.
        assertThat(profile).contains("(literal \"/Users/ann\")").doesNotContain("(subpath \"/Users/ann\")");
    }

    @Test
    void aReadOnlyWorkspaceHasNoWritableFolderButTmp() {
        String profile = SandboxExec.profile(Confinement.readOnly(WS), TMP);
        assertThat(profile).contains("(allow file-write* (literal \"/dev/null\") (subpath \"" + TMP + "\"))");
    }

    @Test
    void pathsAreQuotedSoTheyCannotCloseTheString() {
        assertThat(SandboxExec.quote("/a \"b\" \\c")).isEqualTo("\"/a \\\"b\\\" \\\\c\"");
        assertThatThrownBy(() -> SandboxExec.quote("/a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLaunchRunsSandboxExecWithTheProfileAndAPrivateTmp() throws Exception {
        Sandbox.Launch launch = new SandboxExec(Path.of("/usr/bin/sandbox-exec"))
                .launch(Confinement.readOnly(WS), List.of("ls"));
        assertThat(launch).isInstanceOfSatisfying(Sandbox.Launch.Run.class, run -> {
            assertThat(run.argv().subList(0, 2)).containsExactly("/usr/bin/sandbox-exec", "-p");
            assertThat(run.argv().getLast()).isEqualTo("ls");
            assertThat(run.env()).containsKeys("PATH", "HOME", "LANG", "TMPDIR");
            assertThat(run.argv().get(2)).contains("(subpath \"" + run.env().get("TMPDIR") + "\")");
        });
        Files.delete(Path.of(((Sandbox.Launch.Run) launch).env().get("TMPDIR")));
    }
}
