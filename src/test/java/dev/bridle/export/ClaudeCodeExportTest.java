package dev.bridle.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Golden;
import dev.bridle.Samples;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
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
    void docsRulesBecomeReadEditAndWriteRulesAndTheDocsSiteAWebFetchDomain() throws Exception {
        String json = ClaudeCodeExport.export(overTrusted(), "assistant").settingsJson();
        assertThat(json).contains("\"Read(/docs/**)\"", "\"Edit(/docs/**)\"",
                "\"WebFetch(domain:docs.example.com)\"", "\"Read(/**/.env)\"", "\"Edit(/**/secrets)\"",
                "\"defaultMode\" : \"dontAsk\"");
    }

    @Test
    void everyGuardAndTheAskedDeleteAreReportedAsNotExpressible() throws Exception {
        ClaudeCodeExport.Result r = ClaudeCodeExport.export(overTrusted(), "assistant");
        assertThat(r.notExpressed()).anyMatch(l -> l.startsWith("guard 'budget'"))
                .anyMatch(l -> l.startsWith("guard 'no-lock-files'"))
                .anyMatch(l -> l.startsWith("permission rule 'delete-drafts-asks'"));
    }
}
