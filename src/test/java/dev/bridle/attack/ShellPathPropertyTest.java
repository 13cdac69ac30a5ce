package dev.bridle.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.access.PathScope;
import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.ToolGate;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.tool.sandbox.Harnesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The gate's reading of shell arguments against the operating system's: for random arguments through a layout full
 * of links that lead out, whenever the gate allows {@code cat} under {@code paths: ["docs/**"]}, the file the
 * operating system would open for each argument (links followed, from the workspace) is inside {@code docs}.
 */
class ShellPathPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path temp;
    private static Path ws;
    private static Path docs;
    private static PermissionGate gate;

    @BeforeContainer
    static void layout() throws IOException {
        temp = Files.createTempDirectory("bridle-shell-prop").toRealPath();
        ws = Files.createDirectories(temp.resolve("ws"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "OUTSIDE");
        docs = Files.createDirectories(ws.resolve("docs"));
        Files.createDirectories(ws.resolve("docs/sub"));
        Files.writeString(ws.resolve("docs/a.md"), "a");
        Files.writeString(ws.resolve("top.txt"), "top");
        Files.createSymbolicLink(ws.resolve("docs/up"), Path.of("../../outside"));
        Files.createSymbolicLink(ws.resolve("docs/abs"), outside);
        Files.createSymbolicLink(ws.resolve("docs/leak"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(ws.resolve("docs/root"), Path.of(".."));
        Files.createSymbolicLink(ws.resolve("docs/sub/back"), Path.of("../a.md"));
        Files.createSymbolicLink(ws.resolve("docs/top"), Path.of("../top.txt"));
        gate = PermissionGate.of(
                Harnesses.harness("{ id: cat-docs, allow: \"shell:cat\", paths: [\"docs/**\"] }").harness(),
                Optional.of(PathScope.of(ws)));
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
    Arbitrary<String> words() {
        Arbitrary<String> segment = Arbitraries.of(
                "..", ".", "", "docs", "sub", "up", "abs", "leak", "root", "back", "top", "a.md", "top.txt",
                "outside", "secret.txt", "ws", "~", "-n", "--", "%2e%2e");
        Arbitrary<String> word = segment.list().ofMinSize(1).ofMaxSize(6).map(s -> String.join("/", s));
        Arbitrary<String> plausible = Arbitraries.of("docs/a.md", "docs", "docs/sub", "docs/sub/back",
                "./docs/a.md", "docs/../docs/a.md", "-n", "docs/top", "docs/root/docs/a.md", "docs/sub/../a.md");
        return Arbitraries.frequencyOf(
                Tuple.of(3, plausible), Tuple.of(2, word), Tuple.of(3, word.map(w -> "docs/" + w)),
                Tuple.of(1, word.map(w -> "/" + w)), Tuple.of(1, word.map(w -> temp + "/" + w)),
                Tuple.of(1, word.map(w -> "--x=" + w)), Tuple.of(1, word.map(w -> "-f" + w)));
    }

    @Property(tries = 600)
    void whatTheGateAllowsTheOperatingSystemOpensInsideTheRulesFolder(
            @ForAll("words") String first, @ForAll("words") String second) throws Exception {
        String command = "cat " + quote(first) + " " + quote(second);
        ToolGate.Decision decision = gate.check("a", new ToolCall("shell",
                JSON.writeValueAsString(Map.of("command", command))));
        Statistics.collect(decision.effect());
        // The property is only worth something if the gate does allow some of these commands.
        Statistics.coverage(coverage -> coverage.check(Effect.ALLOW).count(c -> c >= 20));
        if (decision.effect() != Effect.ALLOW) {
            return;
        }
        for (String word : List.of(first, second)) {
            String path = word.startsWith("--x=") ? word.substring(4) : word.startsWith("-f") ? word.substring(2)
                    : word;
            if (path.startsWith("-") || path.isEmpty()) {
                continue;
            }
            Path opened = ws.resolve(path);
            if (Files.exists(opened)) {
                assertThat(opened.toRealPath()).as("%s allowed %s", command, decision.rule()).startsWith(docs);
            }
        }
    }

    private static String quote(String word) {
        return "'" + word + "'";
    }
}
