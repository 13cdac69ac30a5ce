package dev.bridle.access;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathScopeTest {

    @TempDir
    Path temp;

    private Path ws;
    private Path outside;
    private PathScope scope;

    @BeforeEach
    void layout() throws IOException {
        ws = Files.createDirectories(temp.resolve("ws"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "OUTSIDE");
        Files.createDirectories(ws.resolve("src/deep"));
        Files.writeString(ws.resolve("src/a.txt"), "inside");
        scope = PathScope.of(ws);
    }

    private String refusal(String raw) {
        PathCheck check = scope.check(raw, PathScope.Intent.EXISTING);
        assertThat(check).as(raw).isInstanceOf(PathCheck.Refused.class);
        return ((PathCheck.Refused) check).reason();
    }

    @Test
    void plainPathInsideResolves() {
        assertThat(scope.check("src/./deep/../a.txt", PathScope.Intent.EXISTING))
                .isEqualTo(new PathCheck.Inside("src/a.txt"));
        assertThat(scope.check(".", PathScope.Intent.EXISTING)).isEqualTo(new PathCheck.Inside("."));
    }

    @Test
    void symlinkToOutsideIsDenied() throws IOException {
        Files.createSymbolicLink(ws.resolve("leak"), outside.resolve("secret.txt"));
        assertThat(refusal("leak")).isEqualTo("symlink leak leads outside the workspace");
    }

    @Test
    void symlinkedFolderToOutsideIsDeniedAtAnyDepth() throws IOException {
        Files.createSymbolicLink(ws.resolve("src/deep/up"), Path.of("../../../outside"));
        assertThat(refusal("src/deep/up/secret.txt")).contains("leads outside");
    }

    @Test
    void symlinkToTheFileSystemRootIsDenied() throws IOException {
        Files.createSymbolicLink(ws.resolve("root"), Path.of("/"));
        assertThat(refusal("root/etc/passwd")).contains("leads outside");
    }

    @Test
    void danglingSymlinkIsDenied() throws IOException {
        Files.createSymbolicLink(ws.resolve("dangling"), Path.of("missing.txt"));
        assertThat(refusal("dangling")).isEqualTo("symlink dangling is dangling");
        assertThat(scope.check("dangling", PathScope.Intent.CREATE)).isInstanceOf(PathCheck.Refused.class);
    }

    @Test
    void symlinkInsideTheWorkspaceResolvesToItsRealPath() throws IOException {
        Files.createSymbolicLink(ws.resolve("alias"), Path.of("src/a.txt"));
        Files.createSymbolicLink(ws.resolve("src/deep/back"), ws.resolve("src"));
        assertThat(scope.check("alias", PathScope.Intent.EXISTING)).isEqualTo(new PathCheck.Inside("src/a.txt"));
        assertThat(scope.check("src/deep/back/a.txt", PathScope.Intent.EXISTING))
                .isEqualTo(new PathCheck.Inside("src/a.txt"));
    }

    @Test
    void dotDotAfterASymlinkIsRefusedAsAmbiguous() throws IOException {
        Files.createSymbolicLink(ws.resolve("src/deep/to-src"), ws.resolve("src"));
        assertThat(refusal("src/deep/to-src/../a.txt"))
                .isEqualTo("'..' after the symlink src/deep/to-src is ambiguous");
    }

    @Test
    void symlinkLoopIsDenied() throws IOException {
        Files.createSymbolicLink(ws.resolve("one"), Path.of("two"));
        Files.createSymbolicLink(ws.resolve("two"), Path.of("one"));
        assertThat(refusal("one")).contains("more than 40 symlinks");
    }

    @Test
    void missingFileIsRefusedForReadingButFineForCreating() {
        assertThat(refusal("src/none.txt")).isEqualTo("no such file: src/none.txt");
        assertThat(scope.check("src/new/dir/none.txt", PathScope.Intent.CREATE))
                .isEqualTo(new PathCheck.Inside("src/new/dir/none.txt"));
    }

    @Test
    void fileUsedAsAFolderIsRefused() {
        assertThat(refusal("src/a.txt/x")).isEqualTo("not a folder: src/a.txt");
    }

    @Test
    void lexicalRefusalsComeFirst() {
        assertThat(refusal("../outside/secret.txt")).isEqualTo("'..' escapes the workspace");
        assertThat(refusal(outside.resolve("secret.txt").toString())).isEqualTo("absolute path");
    }

    @Test
    void replacedWorkspaceFolderIsRefused() throws IOException {
        Path moved = temp.resolve("moved");
        Files.move(ws, moved);
        Files.createDirectories(ws);
        assertThat(refusal(".")).isEqualTo("the workspace folder was replaced");
    }

    @Test
    void workspaceThatIsNotAFolderIsRejected() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "x");
        assertThatThrownBy(() -> PathScope.of(file)).isInstanceOf(IOException.class);
    }

    private List<Path> tree() throws IOException {
        try (var walk = Files.walk(temp)) {
            return walk.sorted().toList();
        }
    }

    @Test
    void checkingAPathWithMissingParentsCreatesNothing() throws IOException {
        var before = tree();
        assertThat(scope.check("ls/x", PathScope.Intent.CREATE)).isEqualTo(new PathCheck.Inside("ls/x"));
        assertThat(scope.check("src/new/deep/x.txt", PathScope.Intent.CREATE))
                .isEqualTo(new PathCheck.Inside("src/new/deep/x.txt"));
        assertThat(scope.check("ls/x", PathScope.Intent.EXISTING)).isInstanceOf(PathCheck.Refused.class);
        try (ScopedFile file = scope.open("q/r/s.txt", PathScope.Intent.CREATE)) {
            assertThat(file.exists()).isFalse();
        }
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void missingPathBelowAFileIsStillRefusedForCreating() {
        assertThat(scope.check("src/a.txt/new/x", PathScope.Intent.CREATE))
                .isEqualTo(new PathCheck.Refused("not a folder: src/a.txt"));
    }

    @Test
    void writeCreatesTheMissingParentFolders() throws IOException {
        try (ScopedFile file = scope.open("src/new/deep/x.txt", PathScope.Intent.CREATE)) {
            file.write("made".getBytes(UTF_8));
        }
        assertThat(ws.resolve("src/new/deep/x.txt")).hasContent("made");
    }

    @Test
    void hardLinkedFileIsRefusedForEveryIntent() throws IOException {
        Files.createLink(ws.resolve("src/h.txt"), outside.resolve("secret.txt"));
        assertThat(refusal("src/h.txt")).isEqualTo("src/h.txt is a hard link (2 names for one file); another name"
                + " may be outside the workspace, so it is neither read nor written");
        assertThat(scope.check("src/h.txt", PathScope.Intent.CREATE)).isInstanceOf(PathCheck.Refused.class);
        try (ScopedFile file = scope.open("src/h.txt", PathScope.Intent.EXISTING)) {
            assertThatThrownBy(() -> file.read(100)).isInstanceOf(PathRefusedException.class)
                    .hasMessageContaining("hard link");
            assertThatThrownBy(() -> file.write(new byte[] {'x'})).isInstanceOf(PathRefusedException.class)
                    .hasMessageContaining("hard link");
        }
        assertThat(outside.resolve("secret.txt")).hasContent("OUTSIDE");
    }

    @Test
    void onLinuxParentFoldersAreCreatedRelativeToHandles() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        boolean wired = os.equals("Linux") && Set.of("amd64", "x86_64", "aarch64", "arm64").contains(arch);
        assertThat(scope.createsRelativeToHandles()).as("%s %s", os, arch).isEqualTo(wired);
    }

    @Test
    void portableFallbackCreatesParentsReadsAndWrites() throws IOException {
        PathScope portable = PathScope.portable(ws);
        assertThat(portable.createsRelativeToHandles()).isFalse();
        try (ScopedFile file = portable.open("src/p/q/r.txt", PathScope.Intent.CREATE)) {
            file.write("first".getBytes(UTF_8));
        }
        try (ScopedFile file = portable.open("src/p/q/r.txt", PathScope.Intent.CREATE)) {
            file.write("2nd".getBytes(UTF_8));
        }
        try (ScopedFile file = portable.open("src/p/q/r.txt", PathScope.Intent.EXISTING)) {
            assertThat(new String(file.read(100), UTF_8)).isEqualTo("2nd");
        }
    }

    @Test
    void portableFallbackRefusesHardLinks() throws IOException {
        PathScope portable = PathScope.portable(ws);
        Files.createLink(ws.resolve("src/h.txt"), outside.resolve("secret.txt"));
        try (ScopedFile file = portable.open("src/h.txt", PathScope.Intent.EXISTING)) {
            assertThatThrownBy(() -> file.read(100)).hasMessageContaining("hard link");
            assertThatThrownBy(() -> file.write(new byte[] {'x'})).hasMessageContaining("hard link");
        }
        assertThat(outside.resolve("secret.txt")).hasContent("OUTSIDE");
    }

    @Test
    void portableFallbackRemovesAFolderItMadeWhenTheCheckFails() throws IOException {
        PathScope portable = PathScope.portable(ws);
        Files.createDirectories(ws.resolve("src/flip"));
        try (ScopedFile file = portable.open("src/flip/new/x.txt", PathScope.Intent.CREATE)) {
            // the walk holds src/flip; it is now moved aside and a link to the outside put in its place, so the
            // fallback's mkdir by path lands outside, and its check on the handle must catch and undo that
            Files.move(ws.resolve("src/flip"), ws.resolve("src/parked"));
            Files.createSymbolicLink(ws.resolve("src/flip"), outside);
            assertThatThrownBy(() -> file.write(new byte[] {'x'})).isInstanceOf(PathRefusedException.class)
                    .hasMessageContaining("could not create folder src/flip/new safely");
        }
        assertThat(outside.resolve("new")).doesNotExist();
        assertThat(ws.resolve("src/parked/new")).doesNotExist();
    }

    @Test
    void readStopsAtTheCapItIsGiven() throws IOException {
        Files.writeString(ws.resolve("src/ten.txt"), "0123456789");
        for (PathScope each : List.of(scope, PathScope.portable(ws))) {
            try (ScopedFile file = each.open("src/ten.txt", PathScope.Intent.EXISTING)) {
                assertThat(new String(file.read(4), UTF_8)).isEqualTo("0123");
                assertThat(new String(file.read(100), UTF_8)).isEqualTo("0123456789");
                assertThat(file.read(10)).hasSize(10);
            }
        }
    }

    @Test
    void writeReplacesTheFileKeepsItsPermissionsAndLeavesNoTemporaryFile() throws IOException {
        Path script = Files.writeString(ws.resolve("src/run.sh"), "old");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        for (PathScope each : List.of(scope, PathScope.portable(ws))) {
            try (ScopedFile file = each.open("src/run.sh", PathScope.Intent.CREATE)) {
                file.write("new".getBytes(UTF_8));
            }
            assertThat(script).hasContent("new");
            assertThat(Files.getPosixFilePermissions(script)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
            try (var names = Files.list(ws.resolve("src"))) {
                assertThat(names.map(p -> p.getFileName().toString()))
                        .allSatisfy(n -> assertThat(n).doesNotStartWith(".bridle-write"));
            }
        }
    }

    @Test
    void readOnlyFileIsNotReplaced() throws IOException {
        Path locked = Files.writeString(ws.resolve("src/locked.txt"), "keep");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r--r--r--"));
        for (PathScope each : List.of(scope, PathScope.portable(ws))) {
            try (ScopedFile file = each.open("src/locked.txt", PathScope.Intent.CREATE)) {
                assertThatThrownBy(() -> file.write("x".getBytes(UTF_8))).hasMessage("read-only file: src/locked.txt");
            }
        }
        assertThat(locked).hasContent("keep");
    }
}
