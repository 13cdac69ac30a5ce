package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Properties of the path scope over random paths through a layout full of links that lead out. */
class OutsidePathPropertyTest {

    private static Path temp;
    private static Path ws;
    private static Path wsReal;
    private static PathScope scope;

    @BeforeContainer
    static void layout() throws IOException {
        temp = Files.createTempDirectory("bridle-prop");
        ws = Files.createDirectories(temp.resolve("ws"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "OUTSIDE");
        Files.createDirectories(ws.resolve("sub/deep"));
        Files.writeString(ws.resolve("inside.txt"), "inside");
        Files.writeString(ws.resolve("sub/deep/x"), "inside");
        Files.createSymbolicLink(ws.resolve("up"), Path.of("../outside"));
        Files.createSymbolicLink(ws.resolve("abs"), outside);
        Files.createSymbolicLink(ws.resolve("leak"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(ws.resolve("self"), Path.of("."));
        Files.createSymbolicLink(ws.resolve("sub/parent"), Path.of("../.."));
        Files.createSymbolicLink(ws.resolve("sub/deep/home"), ws);
        Files.createSymbolicLink(ws.resolve("sub/in"), Path.of("../inside.txt"));
        wsReal = ws.toRealPath();
        scope = PathScope.of(ws);
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> walk = Files.walk(temp)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.of(
                "..", ".", "", "sub", "deep", "up", "abs", "leak", "self", "parent", "home", "in", "outside",
                "secret.txt", "inside.txt", "x", "ws");
        Arbitrary<String> relative = segment.list().ofMinSize(1).ofMaxSize(8).map(s -> String.join("/", s));
        return Arbitraries.oneOf(relative, relative.map(r -> "/" + r), relative.map(r -> temp + "/" + r));
    }

    /** Where the operating system, following every link, would put the path; null when nothing is there. */
    private static Path kernelLocation(String raw) {
        try {
            return ws.resolve(raw).toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Property(tries = 2000)
    void pathWhoseRealLocationIsOutsideIsAlwaysDenied(@ForAll("paths") String raw) {
        Path real = kernelLocation(raw);
        if (real != null && !real.startsWith(wsReal)) {
            for (PathScope.Intent intent : List.of(PathScope.Intent.EXISTING, PathScope.Intent.CREATE)) {
                assertThat(scope.check(raw, intent)).as("%s really is %s", raw, real)
                        .isInstanceOf(PathCheck.Refused.class);
            }
        }
    }

    @Property(tries = 2000)
    void whateverTheScopeAcceptsReallyLiesInside(@ForAll("paths") String raw) throws IOException {
        if (scope.check(raw, PathScope.Intent.EXISTING) instanceof PathCheck.Inside inside) {
            assertThat(ws.resolve(inside.relative()).toRealPath().startsWith(wsReal)).as(raw).isTrue();
        }
    }
}
