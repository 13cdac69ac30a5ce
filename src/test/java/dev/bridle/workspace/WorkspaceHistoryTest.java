package dev.bridle.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.bridle.event.RunEvent.FileChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceHistoryTest {

    @TempDir
    Path dir;

    Path ws;
    Path outside;

    @BeforeEach
    void workspace() throws IOException {
        ws = Files.createDirectories(dir.resolve("ws"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(Files.createDirectories(ws.resolve("src")).resolve("Order.java"), "total = sum\n");
        Files.writeString(ws.resolve("src/Invoice.java"), "invoice\n");
        Files.write(ws.resolve("data.bin"), new byte[] {0, 1, 2, (byte) 0xff});
        Path run = Files.writeString(Files.createDirectories(ws.resolve("bin")).resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(ws.resolve("latest"), Path.of("src/Order.java"));
        Files.createDirectories(ws.resolve("empty/inner"));
    }

    @Test
    void rollbackRestoresChangedCreatedAndDeletedFilesFoldersModesAndLinksByteForByte() throws IOException {
        List<String> before = Tree.of(ws);
        try (WorkspaceHistory h = WorkspaceHistory.open(ws, true)) {
            Manifest cp = h.checkpoint();
            Files.writeString(ws.resolve("src/Order.java"), "total = BROKEN\n");
            Files.delete(ws.resolve("src/Invoice.java"));
            Files.writeString(Files.createDirectories(ws.resolve("gen/deep")).resolve("new.txt"), "made later");
            Files.setPosixFilePermissions(ws.resolve("bin/run.sh"), PosixFilePermissions.fromString("rw-------"));
            Files.delete(ws.resolve("latest"));
            Files.createSymbolicLink(ws.resolve("latest"), Path.of("src/Invoice.java"));
            Files.delete(ws.resolve("empty/inner"));
            Files.write(ws.resolve("data.bin"), new byte[] {9});
            Files.setPosixFilePermissions(ws.resolve("src"), PosixFilePermissions.fromString("r-x------"));

            List<FileChange> restored = h.restore(cp);

            assertThat(Tree.of(ws)).containsExactlyElementsOf(before);
            assertThat(restored).extracting(FileChange::path).contains("src/Order.java", "src/Invoice.java",
                    "gen", "gen/deep/new.txt", "bin/run.sh", "latest", "empty/inner", "data.bin", "src");
        }
    }

    @Test
    void aRestoreTwiceToTheSameCheckpointGivesTheSameWorkspace() throws IOException {
        List<String> before = Tree.of(ws);
        try (WorkspaceHistory h = WorkspaceHistory.open(ws, true)) {
            Manifest cp = h.checkpoint();
            Files.writeString(ws.resolve("src/Order.java"), "one");
            h.restore(cp);
            Files.writeString(ws.resolve("src/Order.java"), "two");
            Files.delete(ws.resolve("bin/run.sh"));
            h.restore(cp);
            assertThat(Tree.of(ws)).containsExactlyElementsOf(before);
        }
    }

    @Test
    void aLaterCheckpointSeesAChangeThatKeepsSizeAndModificationTime() throws IOException {
        try (WorkspaceHistory h = WorkspaceHistory.open(ws, true)) {
            Path order = ws.resolve("src/Order.java");
            FileTime mtime = Files.getLastModifiedTime(order);
            h.checkpoint();
            // Same size, modification time set back: only the change time (which no tool can set) tells.
            Files.writeString(order, "total = SUM\n");
            Files.setLastModifiedTime(order, mtime);
            Manifest later = h.checkpoint();
            Files.writeString(order, "something else\n");
            h.restore(later);
            assertThat(Files.readString(order)).isEqualTo("total = SUM\n");
        }
    }

    @Test
    void aLinkSwappedInForAFolderDoesNotMakeRestoreWriteOutside() throws IOException {
        try (WorkspaceHistory h = WorkspaceHistory.open(ws, true)) {
            Manifest cp = h.checkpoint();
            // The agent replaces src/ with a link to a folder outside the workspace.
            Files.delete(ws.resolve("src/Order.java"));
            Files.delete(ws.resolve("src/Invoice.java"));
            Files.delete(ws.resolve("src"));
            Files.createSymbolicLink(ws.resolve("src"), outside);
            Files.writeString(ws.resolve("latest2"), "x");

            h.restore(cp);

            try (Stream<Path> left = Files.list(outside)) {
                assertThat(left).isEmpty();
            }
            assertThat(Files.isSymbolicLink(ws.resolve("src"))).isFalse();
            assertThat(Files.readString(ws.resolve("src/Order.java"))).isEqualTo("total = sum\n");
        }
    }

    @Test
    void aFileReplacedByALinkIsRestoredWithoutWritingThroughTheLink() throws IOException {
        Path target = Files.writeString(outside.resolve("secret.txt"), "outside");
        try (WorkspaceHistory h = WorkspaceHistory.open(ws, true)) {
            Manifest cp = h.checkpoint();
            Files.delete(ws.resolve("src/Order.java"));
            Files.createSymbolicLink(ws.resolve("src/Order.java"), target);
            h.restore(cp);
            assertThat(Files.readString(target)).isEqualTo("outside");
            assertThat(Files.isSymbolicLink(ws.resolve("src/Order.java"))).isFalse();
            assertThat(Files.readString(ws.resolve("src/Order.java"))).isEqualTo("total = sum\n");
        }
    }

    @Test
    void aRestoreThatCannotFinishIsReportedWithThePath() throws IOException {
        Path store = dir.resolve("store");
        try (WorkspaceHistory h = WorkspaceHistory.open(ws, store, true)) {
            Manifest cp = h.checkpoint();
            Files.writeString(ws.resolve("src/Order.java"), "changed");
            // The store loses the file's bytes: the restore must say so, not pretend.
            try (Stream<Path> all = Files.walk(store.resolve("blobs"))) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    Files.delete(p);
                }
            }
            assertThatThrownBy(() -> h.restore(cp))
                    .isInstanceOf(RestoreFailedException.class)
                    .hasMessageContaining("src/Order.java")
                    .hasMessageContaining("does not hold the bytes");
        }
    }

    @Test
    void aStepReportsWhatItCreatedChangedAndDeletedWithADiffForText() throws IOException {
        try (WorkspaceHistory h = WorkspaceHistory.open(ws, false)) {
            Files.writeString(ws.resolve("src/Order.java"), "total = sum - discount\n");
            Files.delete(ws.resolve("src/Invoice.java"));
            Files.writeString(ws.resolve("notes.md"), "new\n");
            List<FileChange> changes = h.step();
            assertThat(changes).extracting(FileChange::path, FileChange::change).containsExactly(
                    tuple("notes.md", "created"),
                    tuple("src/Invoice.java", "deleted"),
                    tuple("src/Order.java", "changed"));
            assertThat(changes.get(2).diff()).isEqualTo("@@ -1,1 +1,1 @@\n-total = sum\n+total = sum - discount\n");
            assertThat(changes.get(1).diff()).isEqualTo("@@ -1,1 +0,0 @@\n-invoice\n");
            assertThat(h.step()).isEmpty();
        }
    }

    @Test
    void aBinaryFileGetsNoDiff() throws IOException {
        try (WorkspaceHistory h = WorkspaceHistory.open(ws, false)) {
            Files.write(ws.resolve("data.bin"), new byte[] {0, 0, 7});
            assertThat(h.step()).singleElement().satisfies(c -> {
                assertThat(c.change()).isEqualTo("changed");
                assertThat(c.diff()).isEmpty();
            });
        }
    }

    @Test
    void aFileTheAgentMadeUnreadableIsStillCheckpointedAndRestoredWithItsMode() throws IOException {
        Path order = ws.resolve("src/Order.java");
        try (WorkspaceHistory h = WorkspaceHistory.open(ws, true)) {
            Files.writeString(order, "secret\n");
            Files.setPosixFilePermissions(order, PosixFilePermissions.fromString("---------"));
            Manifest cp = h.checkpoint();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(order))).isEqualTo("---------");
            Files.setPosixFilePermissions(order, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(order, "changed\n");
            h.restore(cp);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(order))).isEqualTo("---------");
            Files.setPosixFilePermissions(order, PosixFilePermissions.fromString("r--------"));
            assertThat(Files.readString(order)).isEqualTo("secret\n");
        }
    }

    @Test
    void aStoreInsideTheWorkspaceIsRefused() {
        assertThatThrownBy(() -> WorkspaceHistory.open(ws, ws.resolve("checkpoints"), true))
                .hasMessageContaining("must lie outside the workspace");
    }

    @Test
    void closingDeletesTheStoreItMade() throws IOException {
        Path store;
        try (WorkspaceHistory h = WorkspaceHistory.open(ws, true)) {
            h.checkpoint();
            store = h.store();
            assertThat(store).isDirectory();
            assertThat(store.startsWith(ws.toRealPath())).isFalse();
        }
        assertThat(store).doesNotExist();
    }
}
