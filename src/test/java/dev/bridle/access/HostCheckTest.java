package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostCheckTest {

    private static final Map<String, String> DNS = Map.of(
            "api.example.com", "93.184.216.34",
            "internal.example.com", "10.1.2.3",
            "mixed.example.com", "93.184.216.34,192.168.1.1",
            "v6.example.com", "2606:2800:220:1:248:1893:25c8:1946",
            "mapped.example.com", "::ffff:127.0.0.1",
            "localhost", "127.0.0.1,::1");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String answer = DNS.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        String[] parts = answer.split(",");
        InetAddress[] out = new InetAddress[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = InetAddress.ofLiteral(parts[i]);
        }
        return out;
    }

    private final HostCheck hosts = HostCheck.of(HostCheckTest::resolve);

    private static HostPort at(String host) {
        return HostPort.parse(host).orElseThrow();
    }

    private static HostVerdict.Refused refused(HostVerdict verdict) {
        assertThat(verdict).isInstanceOf(HostVerdict.Refused.class);
        return (HostVerdict.Refused) verdict;
    }

    @Test
    void aPublicHostPassesWithTheAddressesItWasCheckedAt() {
        HostVerdict verdict = hosts.check(at("api.example.com"), Optional.empty());
        assertThat(verdict).isEqualTo(new HostVerdict.Allowed("api.example.com",
                java.util.List.of(InetAddress.ofLiteral("93.184.216.34")), Optional.empty()));
        assertThat(hosts.check(at("v6.example.com"), Optional.empty())).isInstanceOf(HostVerdict.Allowed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "0x7f.0.0.1", "2130706433", "0177.0.0.1", "[::1]", "[::ffff:127.0.0.1]",
        "0.0.0.0", "[::]", "[::127.0.0.1]", "[::ffff:10.0.0.1]", "localhost", "internal.example.com",
        "mixed.example.com", "mapped.example.com", "169.254.169.254", "[fe80::1]", "[fd00::1]", "10.0.0.7:8080"})
    void loopbackAndPrivateAddressesAreRefusedInEveryEncoding(String host) {
        HostVerdict.Refused refused = refused(hosts.check(at(host), Optional.empty()));
        assertThat(refused.rule()).isEqualTo(HostCheck.RULE);
        assertThat(refused.reason()).containsAnyOf("loopback", "private", "this network", "unspecified",
                "link-local", "unique local").contains("literally");
    }

    @Test
    void aRuleNamingTheHostLiterallyLetsItBePrivate() {
        HostVerdict verdict = hosts.check(at("127.0.0.1:8080"), Optional.of("local-docs"));
        assertThat(verdict).isInstanceOf(HostVerdict.Allowed.class);
        assertThat(((HostVerdict.Allowed) verdict).privateBy()).contains("local-docs");
    }

    @Test
    void aNameThatResolvesToLoopbackSaysSo() {
        assertThat(refused(hosts.check(at("localhost"), Optional.empty())).reason())
                .isEqualTo("localhost resolves to 127.0.0.1, which is loopback 127.0.0.0/8; only an allow rule"
                        + " naming \"localhost\" literally may reach it");
    }

    @Test
    void anUnresolvableHostIsRefused() {
        assertThat(refused(hosts.check(at("nowhere.example.com"), Optional.empty())).reason())
                .contains("does not resolve");
    }

    @Test
    void addressesAreNeverResolved() {
        HostCheck noDns = HostCheck.of(host -> {
            throw new AssertionError("resolved " + host);
        });
        assertThat(noDns.check(at("93.184.216.34"), Optional.empty())).isInstanceOf(HostVerdict.Allowed.class);
        assertThat(noDns.check(at("[2606:2800:220:1::1]:8443"), Optional.empty()))
                .isInstanceOf(HostVerdict.Allowed.class);
    }
}
