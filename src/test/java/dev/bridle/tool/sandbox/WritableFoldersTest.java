package dev.bridle.tool.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritableFoldersTest {

    @TempDir
    Path dir;

    Path ws;

    @BeforeEach
    void workspace() throws Exception {
        ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
        Files.createDirectories(ws.resolve("src/main"));
        Files.createDirectories(ws.resolve("src/keys"));
        Files.createDirectories(ws.resolve("docs"));
        Files.createDirectories(dir.resolve("outside"));
    }

    private Confinement of(String agent, String... rules) {
        return WritableFolders.confinement(ws, Harnesses.permissions(rules), agent);
    }

    @Test
    void aWriteRuleBindsTheLiteralFolderBeforeItsFirstWildcard() {
        assertThat(of("a", "{ id: w, allow: fs.write, paths: [\"src/**\", \"docs/*.md\"] }").writable())
                .containsExactly(ws.resolve("docs"), ws.resolve("src"));
        assertThat(of("a", "{ id: w, allow: \"fs.*\", paths: [\"workspace/src/main/**\"] }").writable())
                .containsExactly(ws.resolve("src/main"));
    }

    @Test
    void aWriteRuleWithoutPathsMakesTheWholeWorkspaceWritable() {
        assertThat(of("a", "{ id: w, allow: \"*\" }").writable()).containsExactly(ws);
    }

    @Test
    void noWriteRuleLeavesTheWorkspaceReadOnly() {
        assertThat(of("a", "{ id: r, allow: fs.read }", "{ id: s, allow: shell }").writable()).isEmpty();
        assertThat(of("a", "{ id: w, ask: fs.write }").writable()).isEmpty();
        assertThat(of("a", "{ id: w, allow: fs.write, when: \"tool.args.path == 'x'\" }").writable()).isEmpty();
    }

    @Test
    void aRuleForAnotherAgentGrantsNothing() {
        assertThat(of("a", "{ id: w, allow: fs.write, agents: [b] }").writable()).isEmpty();
        assertThat(of("b", "{ id: w, allow: fs.write, agents: [b] }").writable()).containsExactly(ws);
    }

    @Test
    void aGlobWhoseFirstSegmentIsWildBindsNothing() {
        assertThat(of("a", "{ id: w, allow: fs.write, paths: [\"**/*.md\", \"*/x\"] }").writable()).isEmpty();
    }

    @Test
    void folderThatEscapesOrIsMissingBindsNothing() {
        assertThat(of("a", "{ id: w, allow: fs.write, paths: [\"../outside/**\", \"missing/**\"] }").writable())
                .isEmpty();
    }

    @Test
    void aSymlinkedFolderIsNeverBoundEvenWhenItPointsInside() throws Exception {
        Files.createSymbolicLink(ws.resolve("out"), dir.resolve("outside"));
        Files.createSymbolicLink(ws.resolve("alias"), ws.resolve("src"));
        Files.createSymbolicLink(ws.resolve("src/up"), dir.resolve("outside"));
        assertThat(of("a", "{ id: w, allow: fs.write, paths: [\"out/**\", \"alias/**\", \"src/up/**\"] }")
                .writable()).isEmpty();
    }

    @Test
    void denyRulesTakeBackWhatTheyCoverEntirely() {
        Confinement c = of("a", "{ id: w, allow: fs.write, paths: [\"src/**\"] }",
                "{ id: keys, deny: \"fs.*\", paths: [\"src/keys/**\", \"**/.env\"] }");
        assertThat(c.writable()).containsExactly(ws.resolve("src"));
        assertThat(c.readOnly()).containsExactly(ws.resolve("src/keys"));
        assertThat(of("a", "{ id: w, allow: fs.write }", "{ id: nowrite, deny: fs.write }").writable()).isEmpty();
    }
}
