package dev.bridle.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.bridle.Samples;
import dev.bridle.event.RunEvent;
import dev.bridle.export.Bundle;
import dev.bridle.export.BundleException;
import dev.bridle.export.SigningKeys;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's answers after a denial, for allows, for closed sessions, and for bundles that must be signed. */
class RuntimeDefectsTest {

    @TempDir
    Path dir;

    private static Harness sample(String name) throws Exception {
        return HarnessReader.read(Samples.harness(name)).harness();
    }

    @Test
    void aStepReportAfterADeniedCallKeepsTheAllowedCallsResult() throws Exception {
        List<RunEvent> events = new ArrayList<>();
        RuntimeRun run = BridleRuntime.of(sample("over-trusted-agent")).startRun(RunOptions.defaults()
                .withEvents(events::add));
        Session s = run.session("assistant");
        assertThat(s.beforeModelCall(10).proceeds()).isTrue();
        String allowed = "{\"path\":\"docs/index.md\"}";
        assertThat(s.beforeToolCall("fs.read", allowed).proceeds()).isTrue();
        assertThat(s.beforeToolCall("fs.read", "{\"path\":\"docs/secrets/token.txt\"}"))
                .isInstanceOf(Decision.Deny.class);
        // The denied call is not repeated, as StepReport allows; the allowed call's result comes in the report.
        s.afterStep(new StepReport(10, 5, "", List.of(ToolOutcome.ok("fs.read", allowed, "THE-INDEX")),
                Map.of()));

        assertThat(events).filteredOn(e -> e instanceof RunEvent.ToolCompleted)
                .map(e -> (RunEvent.ToolCompleted) e)
                .extracting(RunEvent.ToolCompleted::ok, RunEvent.ToolCompleted::result)
                .containsExactly(
                        tuple(false,
                                "denied by rule 'no-secrets': fs.read docs/secrets/token.txt"),
                        tuple(true, "THE-INDEX"));
    }

    @Test
    void aReportThatRepeatsTheDeniedCallCountsItOnce() throws Exception {
        List<RunEvent> events = new ArrayList<>();
        RuntimeRun run = BridleRuntime.of(sample("over-trusted-agent")).startRun(RunOptions.defaults()
                .withEvents(events::add));
        Session s = run.session("assistant");
        String denied = "{\"path\":\"docs/secrets/token.txt\"}";
        String allowed = "{\"path\":\"docs/index.md\"}";
        s.beforeToolCall("fs.read", denied);
        s.beforeToolCall("fs.read", allowed);
        s.afterStep(new StepReport(10, 5, "", List.of(ToolOutcome.error("fs.read", denied, "denied"),
                ToolOutcome.ok("fs.read", allowed, "THE-INDEX")), Map.of()));
        assertThat(events).filteredOn(e -> e instanceof RunEvent.ToolCompleted).hasSize(2);
    }

    @Test
    void everyAllowNamesTheRuleThatAllowed() throws Exception {
        Session s = BridleRuntime.of(sample("over-trusted-agent")).session("assistant");
        assertThat(s.beforeModelCall(10)).isEqualTo(new Decision.Allow(Decision.DEFAULT));
        assertThat(s.beforeToolCall("fs.write", "{\"path\":\"docs/a.md\"}")).isEqualTo(new Decision.Allow("write-docs"));
        assertThat(s.beforeToolCall("http.get", "{\"url\":\"https://docs.example.com/x\"}"))
                .isEqualTo(new Decision.Allow("docs-site"));
        Decision ask = s.beforeToolCall("fs.delete", "{\"path\":\"docs/drafts/a.md\"}");
        assertThat(ask).isInstanceOf(Decision.Ask.class);
        assertThat(s.answer((Decision.Ask) ask, true)).isEqualTo(new Decision.Allow("delete-drafts-asks"));
        assertThat(s.afterStep(StepReport.of(10, 5, "done")).rule()).isEqualTo(Decision.DEFAULT);
    }

    @Test
    void anAllowUnderDefaultAllowNamesDefault() throws Exception {
        Harness h = HarnessReader.parse("open.harness.yaml", """
                bridle: 1
                name: open
                agents:
                  a: { tools: [fs.read] }
                workflow:
                  start: n
                  nodes:
                    n: { agent: a, next: done }
                    done: { end: completed }
                permissions:
                  default: allow
                """).harness();
        assertThat(BridleRuntime.of(h).session("a").beforeToolCall("fs.read", "{\"path\":\"x\"}"))
                .isEqualTo(new Decision.Allow("default"));
    }

    @Test
    void aClosedSessionRefusesEveryCall() throws Exception {
        Session s = BridleRuntime.of(sample("over-trusted-agent")).session("assistant");
        s.close();
        String why = "refused by rule 'session.closed'";
        assertThatThrownBy(() -> s.beforeToolCall("fs.read", "{\"path\":\"docs/index.md\"}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(why).hasMessageContaining("assistant");
        assertThatThrownBy(() -> s.beforeModelCall(10)).hasMessageContaining(why);
        assertThatThrownBy(() -> s.beforeModelCall(List.of())).hasMessageContaining(why);
        assertThatThrownBy(() -> s.afterStep(StepReport.of(1, 1, ""))).hasMessageContaining(why);
        assertThatThrownBy(() -> s.toolCompleted(ToolOutcome.ok("fs.read", "{}", ""))).hasMessageContaining(why);
        assertThatThrownBy(() -> s.answer(new Decision.Ask("x", "?"), true)).hasMessageContaining(why);
    }

    private Path bundle(Optional<KeyPair> signer) throws Exception {
        Path b = dir.resolve("bundle");
        Bundle.write(sample("over-trusted-agent"), b, signer.map(KeyPair::getPrivate), "test", Instant.EPOCH);
        return b;
    }

    @Test
    void loadWithAKeyRefusesAnUnsignedBundle() throws Exception {
        KeyPair keys = SigningKeys.generate();
        Path b = bundle(Optional.empty());
        assertThatThrownBy(() -> BridleRuntime.load(b, keys.getPublic()))
                .isInstanceOf(BundleException.class).hasMessageContaining("not signed");
    }

    @Test
    void loadWithAKeyRefusesABundleSignedByAnotherKey() throws Exception {
        Path b = bundle(Optional.of(SigningKeys.generate()));
        assertThatThrownBy(() -> BridleRuntime.load(b, SigningKeys.generate().getPublic()))
                .isInstanceOf(BundleException.class).hasMessageContaining("does not verify");
    }

    @Test
    void loadWithAKeyRefusesATamperedHarnessEvenWithItsDigestUpdated() throws Exception {
        KeyPair keys = SigningKeys.generate();
        Path b = bundle(Optional.of(keys));
        String json = Files.readString(b.resolve(Bundle.HARNESS_FILE)).replace("docs.example.com", "evil.example.com");
        Files.writeString(b.resolve(Bundle.HARNESS_FILE), json);
        String manifest = Files.readString(b.resolve(Bundle.MANIFEST_FILE)).replaceAll("sha256:[0-9a-f]+",
                "sha256:" + Bundle.sha256(json.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(b.resolve(Bundle.MANIFEST_FILE), manifest);
        assertThatThrownBy(() -> BridleRuntime.load(b, keys.getPublic())).isInstanceOf(BundleException.class);
        assertThat(BridleRuntime.load(bundle(Optional.of(keys)), keys.getPublic()).harness().name())
                .isEqualTo("over-trusted-agent");
    }

    @Test
    void loadRequiresAKeyWhenOneIsAskedFor() {
        assertThatThrownBy(() -> BridleRuntime.load(dir, (PublicKey) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("public key");
    }
}
