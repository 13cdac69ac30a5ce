package dev.bridle.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.access.PathScope;
import dev.bridle.model.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellToolTest {

    @TempDir
    Path dir;

    private ToolResult run(String command, Duration timeout) throws Exception {
        ShellTool tool = new ShellTool(PathScope.of(dir), Set.of(), timeout);
        return tool.call("a", new ToolCall("shell", "{\"command\":" + new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(command) + "}"));
    }

    @Test
    void aSimpleCommandRunsInTheWorkspaceWithoutAShell() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        ToolResult r = run("cat notes.txt", Duration.ofSeconds(10));
        assertThat(r.ok()).isTrue();
        assertThat(r.output()).isEqualTo("hello");
        assertThat(run("echo $HOME", Duration.ofSeconds(10)).ok()).isFalse();
    }

    @Test
    void compoundAndWrappedCommandsAreRefusedBeforeAnythingRuns() throws Exception {
        assertThat(run("cat notes.txt; rm -rf /", Duration.ofSeconds(10)).output())
                .startsWith("refused by shell-analysis");
        assertThat(run("sh -c 'touch x'", Duration.ofSeconds(10)).output()).startsWith("refused by shell-analysis");
        assertThat(run("{ cat notes.txt; }", Duration.ofSeconds(10)).output()).startsWith("refused by shell-analysis");
        assertThat(Files.exists(dir.resolve("x"))).isFalse();
    }

    @Test
    void aFailingCommandReportsItsExitCode() throws Exception {
        ToolResult r = run("ls no-such-file", Duration.ofSeconds(10));
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).startsWith("exit ");
    }

    @Test
    void aCommandThatOutlivesItsTimeLimitIsKilled() throws Exception {
        ToolResult r = run("sleep 5", Duration.ofMillis(300));
        assertThat(r.ok()).isFalse();
        assertThat(r.output()).startsWith("killed after");
    }
}
