package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
