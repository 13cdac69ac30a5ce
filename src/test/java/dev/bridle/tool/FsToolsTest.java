package dev.bridle.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.access.PathScope;
import dev.bridle.access.PermissionCheck;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.PermissionRule;
import dev.bridle.policy.Permissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsToolsTest {

    @TempDir
    Path temp;

    private Path ws;
    private Path outside;
    private BuiltInTools tools;

    @BeforeEach
    void layout() throws IOException {
        ws = Files.createDirectories(temp.resolve("ws"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "OUTSIDE");
        Files.createDirectories(ws.resolve("src"));
        Files.writeString(ws.resolve("src/a.txt"), "hello");
        tools = BuiltInTools.files(PathScope.of(ws), null);
    }

    private ToolResult call(String tool, String args) {
        return tools.call("coder", new ToolCall(tool, args));
    }

    @Test
    void readReturnsTheFileText() {
        assertThat(call("fs.read", "{\"path\":\"src/a.txt\"}")).isEqualTo(ToolResult.ok("hello"));
    }

    @Test
    void writeCreatesParentsAndListShowsThem() throws IOException {
        assertThat(call("fs.write", "{\"content\":\"x\",\"path\":\"src/new/b.txt\"}").ok()).isTrue();
        assertThat(Files.readString(ws.resolve("src/new/b.txt"))).isEqualTo("x");
        assertThat(call("fs.list", "{\"path\":\"src\"}")).isEqualTo(ToolResult.ok("a.txt\nnew/\n"));
        assertThat(call("fs.list", "{}")).isEqualTo(ToolResult.ok("src/\n"));
    }

    @Test
    void deleteRemovesAFileButNotTheRootOrAFullFolder() {
        assertThat(call("fs.delete", "{\"path\":\"src/a.txt\"}")).isEqualTo(ToolResult.ok("deleted src/a.txt"));
        assertThat(Files.exists(ws.resolve("src/a.txt"))).isFalse();
        assertThat(call("fs.delete", "{\"path\":\".\"}").ok()).isFalse();
        assertThat(call("fs.write", "{\"content\":\"x\",\"path\":\"src/b\"}").ok()).isTrue();
        assertThat(call("fs.delete", "{\"path\":\"src\"}").output()).contains("folder not empty");
    }

    @Test
    void symlinkToOutsideIsDeniedForEveryTool() throws IOException {
        Files.createSymbolicLink(ws.resolve("leak"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(ws.resolve("out"), outside);
        assertThat(call("fs.read", "{\"path\":\"leak\"}").output()).contains("leads outside");
        assertThat(call("fs.write", "{\"content\":\"PWNED\",\"path\":\"leak\"}").ok()).isFalse();
        assertThat(call("fs.write", "{\"content\":\"PWNED\",\"path\":\"out/new.txt\"}").ok()).isFalse();
        assertThat(call("fs.list", "{\"path\":\"out\"}").ok()).isFalse();
        assertThat(call("fs.delete", "{\"path\":\"out/secret.txt\"}").ok()).isFalse();
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("OUTSIDE");
        assertThat(Files.exists(outside.resolve("new.txt"))).isFalse();
    }

    @Test
    void errorsComeBackAsResultsNeverExceptions() {
        assertThat(call("fs.read", "not json").output()).contains("must be a JSON object");
        assertThat(call("fs.read", "{}").output()).contains("'path' is missing");
        assertThat(call("fs.read", "{\"path\":\"../x\"}").output())
                .isEqualTo("fs.read: path refused: '..' escapes the workspace");
        assertThat(call("fs.read", "{\"path\":\"src\"}").output()).contains("not a regular file");
        assertThat(call("fs.read", "{\"path\":\"none\"}").output()).contains("no such file");
        assertThat(call("fs.write", "{\"path\":\"a\"}").output()).contains("'content' is missing");
        assertThat(call("fs.nope", "{}").ok()).isFalse();
    }

    @Test
    void readsOverTheCapAreRefused() throws IOException {
        Files.write(ws.resolve("big.bin"), new byte[100]);
        FsRead small = new FsRead(PathScope.of(ws), null, 10);
        assertThat(small.call("a", new ToolCall("fs.read", "{\"path\":\"big.bin\"}")).output()).contains("read cap");
    }

    @Test
    void binaryIsNotReadAsText() throws IOException {
        Files.write(ws.resolve("bin"), new byte[] {(byte) 0xc0, (byte) 0xae});
        assertThat(call("fs.read", "{\"path\":\"bin\"}").output()).contains("not UTF-8");
    }

    @Test
    void linkToADeniedPathIsRecheckedAgainstThePermissions() throws IOException {
        Files.createDirectories(ws.resolve("secrets"));
        Files.writeString(ws.resolve("secrets/key"), "KEY");
        Files.createSymbolicLink(ws.resolve("src/key"), Path.of("../secrets/key"));
        PermissionCheck check = PermissionCheck.of(new Permissions(Effect.DENY, List.of(new PermissionRule(
                "src", Effect.ALLOW, "fs.read", List.of(), List.of("workspace/src/**"), List.of(), null))));
        FsRead read = new FsRead(PathScope.of(ws), check);
        ToolResult result = read.call("coder", new ToolCall("fs.read", "{\"path\":\"src/key\"}"));
        assertThat(result.ok()).isFalse();
        assertThat(result.output()).contains("leads through a link to secrets/key").doesNotContain("KEY\n");
        assertThat(read.call("coder", new ToolCall("fs.read", "{\"path\":\"src/a.txt\"}")).ok()).isTrue();
    }
}
