package dev.bridle.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.Golden;
import dev.bridle.Samples;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaudeCodeExportTest {

    private static Harness overTrusted() throws Exception {
        return HarnessReader.read(Samples.harness("over-trusted-agent")).harness();
    }

    @Test
    void overTrustedAgentSettingsMatchTheirGolden() throws Exception {
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(overTrusted(), "assistant");
        Golden.assertMatches("export/over-trusted-agent/settings.json", r.settingsJson());
    }

    @Test
    void overTrustedAgentReportMatchesItsGolden() throws Exception {
        Harness h = overTrusted();
        Golden.assertMatches("export/over-trusted-agent/not-expressible.txt",
                ClaudeCodeExport.report(h, ClaudeCodeExport.export(h, "assistant")));
    }

    @Test
    void docsRulesBecomeReadAndEditRulesAndTheDocsSiteIsNoWebFetchAllow() throws Exception {
        String json = ClaudeCodeExport.export(overTrusted(), "assistant").settingsJson();
        assertThat(json).contains("\"Read(/docs/**)\"", "\"Edit(/docs/**)\"", "\"Read(/**/.env)\"",
                "\"Edit(/**/secrets)\"", "\"defaultMode\" : \"dontAsk\"");
        // WebFetch(domain:H) would allow every port of the host and any address it resolves to.
        assertThat(json).doesNotContain("WebFetch(domain:");
    }

    @Test
    void everyGuardAndTheAskedDeleteAreReportedAsNotExpressible() throws Exception {
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(overTrusted(), "assistant");
        assertThat(r.notExpressed()).anyMatch(l -> l.startsWith("guard 'budget'"))
                .anyMatch(l -> l.startsWith("guard 'no-lock-files'"))
                .anyMatch(l -> l.startsWith("permission rule 'delete-drafts-asks'"));
    }

    private static Harness harness(String defaultEffect, String rules) throws Exception {
        return HarnessReader.parse("t.harness.yaml", """
                bridle: 1
                name: t
                agents:
                  a: { tools: [fs.read, fs.list, fs.write, fs.delete, http.get, shell] }
                workflow:
                  start: n
                  nodes:
                    n: { agent: a, next: done }
                    done: { end: completed }
                permissions:
                  default: %s
                  rules:
                %s""".formatted(defaultEffect, rules.indent(4))).harness();
    }

    private static JsonNode permissions(ClaudeCodeExport.Result r) throws Exception {
        return new ObjectMapper().readTree(r.settingsJson()).path("permissions");
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void anAllowOfEveryToolOnDocsAllowsNoBashAndNoWebFetch() throws Exception {
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(harness("deny",
                "- { id: docs, allow: \"*\", paths: [\"docs/**\"] }"), "a");
        assertThat(list(permissions(r).path("allow"))).containsExactly("Read(/docs/**)", "Edit(/docs/**)");
        assertThat(r.notExpressed()).anyMatch(l -> l.startsWith("permission rule 'docs'")
                && l.contains("no Bash command is allowed"));
        assertThat(ClaudeCodeSchema.problems(r.settingsJson())).isEmpty();
    }

    @Test
    void aDenyOfEveryToolOnDocsIsWidenedToBashAndSaysSo() throws Exception {
        Harness h = harness("ask", "- { id: no-docs, deny: \"*\", paths: [\"docs/**\"] }");
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(h, "a");
        assertThat(list(permissions(r).path("deny"))).containsExactly("Read(/docs)", "Edit(/docs)", "Bash");
        assertThat(r.widened()).anyMatch(l -> l.startsWith("permission rule 'no-docs'")
                && l.contains("Bash rules cannot check the paths a command names"));
        assertThat(ClaudeCodeExport.report(h, r)).contains("written wider than the harness, the safe side (");
    }

    @Test
    void dontAskNamesEveryAskRuleItTurnsIntoADenial() throws Exception {
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(harness("deny", """
                - { id: read, allow: fs.read, paths: ["docs/**"] }
                - { id: edit-asks, ask: fs.write, paths: ["docs/**"] }
                - { id: web-asks, ask: http.get, hosts: ["docs.example.com"] }"""), "a");
        assertThat(permissions(r).path("defaultMode").asText()).isEqualTo("dontAsk");
        assertThat(r.notExpressed())
                .anyMatch(l -> l.startsWith("dontAsk turns an ask into a denial: rule 'edit-asks' (ask Edit(/docs))"))
                .anyMatch(l -> l.startsWith("dontAsk turns an ask into a denial: rule 'web-asks'"
                        + " (ask WebFetch(domain:docs.example.com))"));
    }

    @Test
    void defaultAskAsksForEveryReadAndNamesItsCaveats() throws Exception {
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(harness("ask",
                "- { id: read, allow: fs.*, paths: [\"docs/**\"] }"), "a");
        assertThat(permissions(r).has("defaultMode")).isFalse();
        assertThat(list(permissions(r).path("ask"))).contains("Read");
        assertThat(r.notExpressed()).filteredOn(l -> l.startsWith("default ask, caveat")).hasSize(3);
    }

    @Test
    void aPathWithAParenthesisIsNeverWrittenIntoARule() throws Exception {
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(harness("deny", """
                - { id: odd, allow: fs.*, paths: ["docs/a)b/**"] }
                - { id: odd-deny, deny: fs.read, paths: ["x(y/**", "[ab]/**"] }"""), "a");
        assertThat(r.settingsJson()).doesNotContain("a)b", "x(y", "[ab]");
        assertThat(list(permissions(r).path("allow"))).isEmpty();
        assertThat(list(permissions(r).path("deny"))).containsExactly("Read");
        assertThat(r.notExpressed()).anyMatch(l -> l.contains("docs/a)b/**") && l.contains("')'"));
        assertThat(r.widened()).anyMatch(l -> l.startsWith("permission rule 'odd-deny'") && l.contains("'('"));
        assertThat(ClaudeCodeSchema.problems(r.settingsJson())).isEmpty();
    }

    @Test
    void aFileGlobIsLeftOutOfAllowsBecauseAFolderOfThatNameWouldBeCovered() throws Exception {
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(harness("deny",
                "- { id: md, allow: fs.*, paths: [\"docs/*.md\", \"src/**\"] }"), "a");
        assertThat(list(permissions(r).path("allow"))).containsExactly("Read(/src/**)", "Edit(/src/**)");
        assertThat(r.notExpressed()).anyMatch(l -> l.contains("docs/*.md") && l.contains("FOLDER/**"));
    }

    @Test
    void aConditionalDenyIsWrittenUnconditionallyAndAConditionalAllowIsLeftOut() throws Exception {
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(harness("deny", """
                - { id: docs, allow: fs.write, paths: ["docs/**"], when: "tool.args.path.size() < 40" }
                - { id: no-locks, deny: fs.write, paths: ["**"], when: "tool.args.path.endsWith('.lock')" }"""),
                "a");
        assertThat(list(permissions(r).path("allow"))).isEmpty();
        assertThat(list(permissions(r).path("deny"))).containsExactly("Edit");
        assertThat(r.widened()).anyMatch(l -> l.startsWith("permission rule 'no-locks'") && l.contains("condition"));
    }

    @Test
    void shellRulesAreNeverAllowedAndAProgramDenyIsAPrefixRule() throws Exception {
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(harness("deny", """
                - { id: git, allow: "shell:git" }
                - { id: no-rm, deny: "shell:rm" }"""), "a");
        assertThat(list(permissions(r).path("allow"))).isEmpty();
        assertThat(list(permissions(r).path("deny"))).containsExactly("Bash(rm:*)");
        assertThat(r.notExpressed()).anyMatch(l -> l.startsWith("permission rule 'git'")
                && l.contains("no Bash command is allowed"));
    }

    @Test
    void everySampleHarnessExportsAValidSettingsFileForEachAgent() throws Exception {
        for (Path file : Samples.scenarios().stream().map(s -> Samples.harness(s.getParent().getFileName()
                .toString())).distinct().toList()) {
            Harness h = HarnessReader.read(file).harness();
            for (String agent : h.agents().keySet()) {
                String json = ClaudeCodeExport.export(h, agent).settingsJson();
                assertThat(ClaudeCodeSchema.problems(json)).as("%s for %s:\n%s", file, agent, json).isEmpty();
            }
        }
    }

    @Test
    void hooksRunTheHarnessOnEveryToolCallAndStopAndTheSettingsStayValid() throws Exception {
        ClaudeCodeExport.Result plain = ClaudeCodeExport.export(overTrusted(), "assistant");
        ClaudeCodeExport.Result r = ClaudeCodeExport.withHooks(plain, "bridle", "\"$CLAUDE_PROJECT_DIR\"/.bridle/b");
        JsonNode hooks = new ObjectMapper().readTree(r.settingsJson()).path("hooks");
        String command = "bridle hook claude-code --bundle \"$CLAUDE_PROJECT_DIR\"/.bridle/b --agent assistant";
        for (String event : List.of("PreToolUse", "PostToolUse", "Stop")) {
            JsonNode hook = hooks.path(event).path(0).path("hooks").path(0);
            assertThat(hook.path("type").asText()).as(event).isEqualTo("command");
            assertThat(hook.path("command").asText()).as(event).isEqualTo(command);
        }
        assertThat(hooks.path("PreToolUse").path(0).path("matcher").asText()).isEqualTo("*");
        assertThat(hooks.path("Stop").path(0).has("matcher")).isFalse();
        // The permission rules stay: Claude Code applies them too, and without the hook they still hold.
        assertThat(r.settings().path("permissions")).isEqualTo(plain.settings().path("permissions"));
        assertThat(r.expressed()).anyMatch(l -> l.startsWith("hooks: ") && l.contains(command));
        assertThat(ClaudeCodeSchema.problems(r.settingsJson())).isEmpty();
    }
}
