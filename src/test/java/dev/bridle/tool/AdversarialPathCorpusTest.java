package dev.bridle.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.access.PathCheck;
import dev.bridle.access.PathScope;
import dev.bridle.model.ToolCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated corpus of adversarial paths (traversal depths x encodings of {@code ..} x encodings of the separator x
 * starting points that include symlinks leading out), each tried against the path scope and the file tools.
 */
class AdversarialPathCorpusTest {

    private static final String SECRET = "OUTSIDE-SECRET-7f3a";

    @TempDir
    static Path temp;

    private static Path ws;
    private static Path outside;
    private static PathScope scope;

    @BeforeAll
    static void layout() throws IOException {
        ws = Files.createDirectories(temp.resolve("ws"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.createDirectories(outside.resolve("outside"));
        Files.writeString(outside.resolve("outside/secret.txt"), SECRET);
        Files.createDirectories(ws.resolve("sub/deep"));
        Files.writeString(ws.resolve("inside.txt"), "inside");
        Files.createSymbolicLink(ws.resolve("up"), Path.of("../outside"));
        Files.createSymbolicLink(ws.resolve("abs"), outside);
        Files.createSymbolicLink(ws.resolve("root"), Path.of("/"));
        Files.createSymbolicLink(ws.resolve("tmp"), temp);
        Files.createSymbolicLink(ws.resolve("self"), Path.of("."));
        Files.createSymbolicLink(ws.resolve("leak"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(ws.resolve("sub/dotdot"), Path.of("../../outside/secret.txt"));
        Files.createSymbolicLink(ws.resolve("sub/chain"), Path.of("../up"));
        Files.createSymbolicLink(ws.resolve("sub/deep/parent"), Path.of("../../.."));
        Files.createSymbolicLink(ws.resolve("dangling"), Path.of("nowhere/secret.txt"));
        Files.createSymbolicLink(ws.resolve("dangling-out"), temp.resolve("gone/secret.txt"));
        scope = PathScope.of(ws);
    }

    static List<String> corpus() {
        List<String> dots = List.of("..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "%c0%ae%c0%ae",
                "%e0%80%ae%e0%80%ae", "\uff0e\uff0e", "\u2024\u2024", "..\u0000", "...", ". .", "%u002e%u002e");
        List<String> separators = List.of("/", "%2f", "%2F", "\\", "%5c", "%255c", "%c0%af", "\uff0f", "//", "/./",
                "\u2215");
        List<String> starts = List.of("", "sub/", "sub/deep/", "up/", "abs/", "self/", "./", "sub/chain/",
                "sub/deep/parent/", "tmp/", "root/");
        List<String> targets = List.of("outside/secret.txt", "secret.txt");
        Set<String> paths = new LinkedHashSet<>();
        for (String start : starts) {
            for (String dot : dots) {
                for (String separator : separators) {
                    for (int depth = 1; depth <= 5; depth++) {
                        StringBuilder path = new StringBuilder(start);
                        for (int i = 0; i < depth; i++) {
                            path.append(dot).append(separator);
                        }
                        path.append(targets.get(depth % 2));
                        paths.add(path.toString());
                    }
                }
            }
        }
        paths.addAll(List.of(
                "leak", "sub/dotdot", "up/secret.txt", "abs/secret.txt", "sub/chain/secret.txt", "dangling",
                "dangling-out", "self/self/up/secret.txt", "sub/deep/parent/outside/secret.txt",
                "root" + outside.resolve("secret.txt"), "tmp/outside/secret.txt", outside.resolve("secret.txt")
                        .toString(), "/etc/passwd", "file:///etc/passwd", "~/secret.txt", "~root/.ssh/id_rsa",
                "C:\\Windows\\win.ini", "C:/x", "\\\\server\\share", "sub/../../outside/secret.txt",
                "sub/deep/../../../outside/secret.txt", "./../outside/secret.txt",
                "inside.txt/../../outside/secret.txt",
                "up", "abs", "root", "tmp", "%00", "inside.txt%00.png", "inside.txt\u0000", "sub\u0000/../.."));
        return new ArrayList<>(paths);
    }

    private static String show(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** Whether the scope's answer is a refusal or a path that really lies inside the workspace. */
    private static void assertContained(String raw) {
        for (PathScope.Intent intent : PathScope.Intent.values()) {
            PathCheck check = scope.check(raw, intent);
            if (check instanceof PathCheck.Inside inside) {
                Path resolved = ws.resolve(inside.relative()).normalize();
                assertThat(resolved.startsWith(ws)).as("%s resolved to %s", show(raw), resolved).isTrue();
                if (Files.exists(resolved)) {
                    try {
                        assertThat(resolved.toRealPath().startsWith(ws.toRealPath())).as(show(raw)).isTrue();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        ToolResult read = new FsRead(scope).call("agent", new ToolCall("fs.read", json(raw)));
        assertThat(read.output()).as(show(raw)).doesNotContain(SECRET);
    }

    private static String json(String raw) {
        StringBuilder out = new StringBuilder("{\"path\":\"");
        for (char c : raw.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append("\"}").toString();
    }

    @Test
    void corpusHasAtLeastAThousandPaths() {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(1000);
    }

    @TestFactory
    Stream<DynamicTest> noAdversarialPathEscapesOnRead() {
        return corpus().stream().map(raw -> DynamicTest.dynamicTest(show(raw), () -> assertContained(raw)));
    }

    @Test
    void noAdversarialPathWritesOutside() throws IOException {
        List<String> failures = new ArrayList<>();
        FsWrite write = new FsWrite(scope);
        int tried = 0;
        for (String raw : corpus()) {
            tried++;
            write.call("agent", new ToolCall("fs.write", json(raw).replace("}", ",\"content\":\"PWNED\"}")));
            try (Stream<Path> files = Files.walk(outside)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (!Files.readString(file).equals(SECRET)) {
                        failures.add(show(raw) + " changed " + file);
                        Files.writeString(file, SECRET);
                    }
                }
            }
        }
        try (Stream<Path> all = Files.walk(temp, 1)) {
            assertThat(all.map(p -> p.getFileName().toString()).toList())
                    .as("nothing created beside the workspace")
                    .containsExactlyInAnyOrder(temp.getFileName().toString(), "ws", "outside");
        }
        assertThat(tried).isGreaterThanOrEqualTo(1000);
        assertThat(failures).as("writes outside after %d tries", tried).isEmpty();
    }
}
