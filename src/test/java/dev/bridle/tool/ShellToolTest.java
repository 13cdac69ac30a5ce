package dev.bridle.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.model.ToolCall;
import dev.bridle.tool.sandbox.Harnesses;
import dev.bridle.tool.sandbox.RequiresSandbox;
import dev.bridle.tool.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path ws;
    Sandbox sandbox;

    @BeforeEach
    void workspace() throws Exception {
        sandbox = RequiresSandbox.bubblewrap();
        ws = Files.createDirectories(dir.resolve("ws"));
    }

    private ToolResult run(String command, Duration timeout, String... rules) throws Exception {
        PermissionCheck check = PermissionCheck.of(Harnesses.permissions(rules));
        ShellTool tool = new ShellTool(PathScope.of(ws), check, sandbox, timeout);
        return tool.call("a", new ToolCall("shell", "{\"command\":" + JSON.writeValueAsString(command) + "}"));
    }

    private ToolResult run(String command, String... rules) throws Exception {
        return run(command, Duration.ofSeconds(20), rules);
    }

    @Test
    void aSimpleCommandRunsInTheWorkspaceWithoutAShell() throws Exception {
        Files.writeString(ws.resolve("notes.txt"), "hello");
        ToolResult r = run("cat notes.txt");
        assertThat(r.output()).isEqualTo("hello");
        assertThat(r.ok()).isTrue();
        assertThat(run("echo $HOME").ok()).isFalse();
    }

    @Test
    void compoundAndWrappedCommandsAreRefusedBeforeAnythingRuns() throws Exception {
        assertThat(run("cat notes.txt; rm -rf /").output()).startsWith("refused by shell-analysis");
        assertThat(run("sh -c 'touch x'").output()).startsWith("refused by shell-analysis");
        assertThat(run("{ cat notes.txt; }").output()).startsWith("refused by shell-analysis");
        assertThat(Files.exists(ws.resolve("x"))).isFalse();
    }

    @Test
    void aFailingCommandReportsItsExitCode() throws Exception {
        ToolResult r = run("ls no-such-file");
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).startsWith("exit ");
    }

    @Test
    void theCommandSeesTheWorkspaceAndTheSystemFoldersButNothingElse() throws Exception {
        Files.writeString(dir.resolve("beside.txt"), "beside");
        assertThat(run("ls /").output().lines().toList())
                .containsExactlyInAnyOrderElementsOf(expectedRoot());
        assertThat(run("ls " + dir).output().lines().toList()).containsExactly("ws");
        assertThat(run("cat /etc/passwd").output()).contains("No such file");
        assertThat(run("ls /etc").output().lines().toList()).containsExactlyInAnyOrder("alternatives",
                "ld.so.cache");
        assertThat(run("pwd").output().strip()).isEqualTo(ws.toRealPath().toString());
    }

    private static List<String> expectedRoot() {
        List<String> names = new ArrayList<>(List.of("usr", "etc", "proc", "dev", "tmp"));
        for (String top : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
            if (Files.exists(Path.of("/" + top), LinkOption.NOFOLLOW_LINKS)) {
                names.add(top);
            }
        }
        // The workspace's own absolute path needs its first folder (e.g. tmp, already listed).
        return names;
    }

    @Test
    void theWorkspaceIsReadOnlyWithoutAWriteRule() throws Exception {
        Files.createDirectories(ws.resolve("src"));
        ToolResult r = run("touch src/new.txt", "{ id: s, allow: shell }");
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).contains("Read-only file system");
        assertThat(Files.exists(ws.resolve("src/new.txt"))).isFalse();
    }

    @Test
    void aWriteRuleMakesItsFolderWritableAndNothingElse() throws Exception {
        Files.createDirectories(ws.resolve("src"));
        Files.createDirectories(ws.resolve("docs"));
        String[] rules = {"{ id: w, allow: fs.write, paths: [\"src/**\"] }"};
        assertThat(run("touch src/new.txt", rules).ok()).isTrue();
        assertThat(Files.exists(ws.resolve("src/new.txt"))).isTrue();
        assertThat(run("touch docs/new.txt", rules).output()).contains("Read-only file system");
        assertThat(run("touch top.txt", rules).output()).contains("Read-only file system");
        assertThat(Files.exists(ws.resolve("docs/new.txt"))).isFalse();
        assertThat(Files.exists(ws.resolve("top.txt"))).isFalse();
    }

    @Test
    void rootInsideTheSandboxCannotRemountTheWorkspaceWritable() throws Exception {
        String ws = this.ws.toRealPath().toString();
        ToolResult r = run("sh -c 'mount -o remount,rw " + ws + " || mount --bind / " + ws + " || true; touch "
                + ws + "/made; grep Cap /proc/self/status'", "{ id: sh, allow: \"shell:sh\" }");
        assertThat(r.output()).contains("Read-only file system").contains("CapEff:\t0000000000000000");
        assertThat(Files.exists(this.ws.resolve("made"))).isFalse();
    }

    @Test
    void theEnvironmentHoldsOnlyPathHomeAndLang() throws Exception {
        ToolResult r = run("env", "{ id: e, allow: \"shell:env\" }");
        // bubblewrap adds PWD, the workspace, after --chdir.
        assertThat(r.output().lines().map(l -> l.substring(0, l.indexOf('='))).toList())
                .containsExactlyInAnyOrder("PATH", "HOME", "LANG", "PWD");
    }

    @Test
    void stdinIsClosed() throws Exception {
        ToolResult r = run("cat", Duration.ofSeconds(5));
        assertThat(r.ok()).isTrue();
        assertThat(r.output()).isEmpty();
    }

    @Test
    void outputIsCappedAt64KiB() throws Exception {
        ToolResult r = run("head -c 200000 /dev/zero");
        assertThat(r.output()).hasSize(ShellTool.MAX_OUTPUT);
    }

    @Test
    void aCommandThatOutlivesItsTimeLimitIsKilledWithEveryProcessItStarted() throws Exception {
        ToolResult r = run("sleep 31337", Duration.ofMillis(500));
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).startsWith("killed after");
        Thread.sleep(300);
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("31337"))
                .filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList()).isEmpty();
    }

    @Test
    void withoutASandboxTheCommandIsRefusedAndNeverRunsBare() throws Exception {
        sandbox = Sandbox.detect("Linux", dir.resolve("no-bwrap"), dir.resolve("none"));
        Files.createDirectories(ws.resolve("src"));
        ToolResult r = run("touch src/x", "{ id: w, allow: fs.write }");
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).startsWith("refused by sandbox: ").contains("apt-get install bubblewrap");
        assertThat(Files.exists(ws.resolve("src/x"))).isFalse();
    }

    @Test
    void theOptOutRunsTheCommandUnconfined() throws Exception {
        sandbox = Sandbox.none();
        Files.writeString(dir.resolve("beside.txt"), "beside");
        assertThat(run("cat ../beside.txt").output()).isEqualTo("beside");
    }
}
