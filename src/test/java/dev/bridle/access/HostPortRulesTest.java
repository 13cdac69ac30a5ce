package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.HarnessReader;
import org.junit.jupiter.api.Test;

/** Permission rules on hosts and ports, from a harness's YAML, as the gate and {@code bridle explain} use them. */
class HostPortRulesTest {

    private static final String HARNESS = """
            bridle: 1
            name: hosts
            agents:
              reader: { system: You read., tools: [http.get] }
              admin: { system: You administer., tools: [http.get] }
            workflow:
              start: go
              nodes:
                go: { agent: reader, next: done }
                done: { end: completed }
            permissions:
              default: deny
              rules:
                - { id: docs, allow: http.get, hosts: ["docs.example.com"] }
                - { id: preview, allow: http.get, hosts: ["docs.example.com:8443"] }
                - { id: web, allow: http.get, hosts: ["**"] }
                - { id: console, allow: http.get, agents: [admin], hosts: ["127.0.0.1:9000"] }
                - { id: no-metadata, deny: http.get, hosts: ["169.254.169.254"] }
            """;

    private final PermissionCheck check = load();

    private static PermissionCheck load() {
        try {
            return PermissionCheck.of(HarnessReader.parse("hosts.harness.yaml", HARNESS).harness().permissions());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AccessRequest fetch(String agent, String url) {
        return AccessRequest.fromCall(agent, new ToolCall("http.get", "{\"url\":\"" + url + "\"}"));
    }

    @Test
    void theRequestCarriesItsHostAndPortInCanonicalForm() {
        assertThat(fetch("reader", "https://Docs.Example.com:443/a").host()).contains("docs.example.com");
        assertThat(fetch("reader", "http://docs.example.com:443/a").host()).contains("docs.example.com:443");
        assertThat(fetch("reader", "http://0x7f.1:9000/").host()).contains("127.0.0.1:9000");
        assertThat(fetch("reader", "http://[0:0::1]:9000/").host()).contains("[::1]:9000");
    }

    @Test
    void aHostRuleWithoutAPortCoversTheDefaultPortOnly() {
        assertThat(check.check(fetch("reader", "https://docs.example.com/")).rule()).isEqualTo("docs");
        assertThat(check.check(fetch("reader", "https://docs.example.com:8443/")).rule()).isEqualTo("preview");
        Decision other = check.check(fetch("reader", "https://docs.example.com:8080/"));
        assertThat(other.effect()).isEqualTo(Effect.DENY);
        assertThat(other.rule()).isEqualTo(Decision.DEFAULT);
    }

    @Test
    void aDenyOnAnAddressCatchesItInAnyEncoding() {
        for (String url : new String[] {"http://169.254.169.254/", "http://2852039166/", "http://0xa9fea9fe/",
            "http://[::ffff:169.254.169.254]/", "http://169.254.43518/"}) {
            assertThat(check.check(fetch("reader", url)).rule()).as(url).isEqualTo("no-metadata");
        }
    }

    @Test
    void userInformationAndOtherSchemesAreRefusedByHostName() {
        for (String url : new String[] {"https://docs.example.com@169.254.169.254/", "ftp://docs.example.com/",
            "file:///etc/passwd", "http://user:pw@docs.example.com/"}) {
            Decision decision = check.check(fetch("reader", url));
            assertThat(decision.effect()).as(url).isEqualTo(Effect.DENY);
            assertThat(decision.rule()).as(url).isEqualTo(Decision.HOST_NAME);
        }
    }

    @Test
    void onlyAMatchingAllowRuleThatNamesTheHostLiterallyLetsItBePrivate() {
        assertThat(check.literalHostRule(fetch("admin", "http://127.0.0.1:9000/"))).contains("console");
        assertThat(check.literalHostRule(fetch("reader", "http://127.0.0.1:9000/"))).isEmpty();
        assertThat(check.literalHostRule(fetch("reader", "https://docs.example.com/"))).contains("docs");
        assertThat(check.literalHostRule(fetch("reader", "http://localhost/"))).as("'**' names nothing").isEmpty();
        assertThat(check.literalHostRule(fetch("admin", "http://127.0.0.1:9001/"))).isEmpty();
    }

    @Test
    void aSubagentsHostGlobIsCoveredOnlyOnTheSamePort() {
        assertThat(Narrowing.hostCovers("**", "docs.example.com")).isTrue();
        assertThat(Narrowing.hostCovers("**", "docs.example.com:8080")).isFalse();
        assertThat(Narrowing.hostCovers("*.example.com", "docs.example.com:8080")).isFalse();
        assertThat(Narrowing.hostCovers("*.example.com:8080", "docs.example.com:8080")).isTrue();
        assertThat(Narrowing.hostCovers("[::1]:8080", "[::1]:8080")).isTrue();
        assertThat(Narrowing.hostCovers("[::1]", "[::1]:8080")).isFalse();
    }

    @Test
    void explainShowsTheHostAndPortMatched() {
        Explanation explanation =
                check.explain(AccessRequest.of("reader", "http.get").withHost("Docs.Example.com:8443"));
        assertThat(explanation.render()).contains("matched as: host=\"docs.example.com:8443\"")
                .contains("decision: allow by preview")
                .contains("rule docs allow: host did not match (docs.example.com:8443)");
    }
}
