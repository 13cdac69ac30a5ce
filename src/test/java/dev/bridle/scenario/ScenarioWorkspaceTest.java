package dev.bridle.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.policy.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a scenario's workspace checks its keys on the disk, whatever validation said. */
class ScenarioWorkspaceTest {

    @TempDir
    Path temp;

    private static Scenario.Workspace spec(Map<String, String> files, Map<String, String> links,
            Map<String, String> outside) {
        return new Scenario.Workspace(files, links, outside);
    }

    private List<Path> leftOver() throws IOException {
        try (Stream<Path> walk = Files.walk(temp)) {
            return walk.filter(p -> !p.equals(temp)).toList();
        }
    }

    @Test
    void filesLinksAndOutsideAreMadeAsTheSampleExpects() throws IOException {
        try (ScenarioWorkspace w = ScenarioWorkspace.create(spec(Map.of("docs/index.md", "# Docs"),
                Map.of("docs/shared", "../../outside", "alias", "docs/index.md"), Map.of("passwd", "root")), temp)) {
            assertThat(w.workspace().resolve("docs/index.md")).hasContent("# Docs");
            assertThat(w.workspace().resolve("docs/shared/passwd")).hasContent("root");
            assertThat(w.workspace().resolve("alias")).hasContent("# Docs");
            assertThat(w.exists("docs/index.md")).isTrue();
            assertThat(w.exists("../outside/passwd")).as("a key outside is never reported present").isFalse();
        }
        assertThat(leftOver()).isEmpty();
    }

    @Test
    void keysThatLeaveTheirFolderAreRefusedAndNothingIsLeft() throws IOException {
        Path canary = Files.writeString(Files.createDirectories(temp.resolve("canary")).resolve("c.txt"), "keep");
        List<Scenario.Workspace> attacks = List.of(
                spec(Map.of("../../canary/c.txt", "pwned"), Map.of(), Map.of()),
                spec(Map.of(canary.toString(), "pwned"), Map.of(), Map.of()),
                spec(Map.of("a//b", "x"), Map.of(), Map.of()),
                spec(Map.of("./a", "x"), Map.of(), Map.of()),
                spec(Map.of(), Map.of(), Map.of("../../canary/c.txt", "pwned")),
                spec(Map.of(), Map.of("l", canary.toString()), Map.of()),
                spec(Map.of(), Map.of("l", "../.."), Map.of()),
                spec(Map.of(), Map.of("l", "../../canary"), Map.of()));
        for (Scenario.Workspace attack : attacks) {
            assertThatThrownBy(() -> ScenarioWorkspace.create(attack, temp)).as("%s", attack)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("cannot create the scenario's workspace");
            assertThat(leftOver()).as("%s", attack).containsExactlyInAnyOrder(canary.getParent(), canary);
        }
        assertThat(canary).hasContent("keep");
    }

    @Test
    void linkThatClimbsBackOutOfAnotherLinkIsRefusedWhereItReallyLeads() throws IOException {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("a", "../outside/inner");
        // lexically 'a/../../outside' is ROOT/outside; the operating system climbs from a's target instead
        links.put("b", "a/../../../..");
        Map<String, String> outside = Map.of("inner/f.txt", "x");
        assertThatThrownBy(() -> ScenarioWorkspace.create(spec(Map.of(), links, outside), temp))
                .hasMessageContaining("links 'b'").hasMessageContaining("leads out of");
        assertThat(leftOver()).isEmpty();
    }

    @Test
    void linkKeyUnderAnotherLinkIsNeverMadeThroughIt() throws IOException {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("l", "../outside");
        links.put("l/x", "y");
        assertThatThrownBy(() -> ScenarioWorkspace.create(spec(Map.of(), links, Map.of("o.txt", "z")), temp))
                .hasMessageContaining("links key 'l/x' passes through l, which is a link or a file");
        assertThat(leftOver()).isEmpty();
    }
}
