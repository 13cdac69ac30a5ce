package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostCheckTest {

    private static final Map<String, String> DNS = Map.of(
            "api.example.com", "93.184.216.34",
            "internal.example.com", "10.1.2.3",
            "mixed.example.com", "93.184.216.34,192.168.1.1",
            "v6.example.com", "2606:2800:220:1:248:1893:25c8:1946",
            "mapped.example.com", "::ffff:127.0.0.1");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String answer = DNS.get(host);
        if (answer == null) {
            if (host.matches("[0-9.]+|[0-9a-f:]+")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        String[] parts = answer.split(",");
        InetAddress[] out = new InetAddress[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = InetAddress.getByName(parts[i]);
        }
        return out;
    }

    private final HostCheck hosts = HostCheck.of(List.of("*.example.com", "127.0.0.1", "10.0.0.7", "[::1]"),
            List.of(), HostCheckTest::resolve);

    private static String reason(HostVerdict verdict) {
        assertThat(verdict).isInstanceOf(HostVerdict.Refused.class);
        return ((HostVerdict.Refused) verdict).reason();
    }

    @Test
    void allowedPublicHostPasses() {
        assertThat(hosts.check(URI.create("https://API.example.com/x"))).isInstanceOf(HostVerdict.Allowed.class);
        assertThat(hosts.check(URI.create("https://v6.example.com/"))).isInstanceOf(HostVerdict.Allowed.class);
    }

    @Test
    void hostOffTheListIsRefused() {
        assertThat(reason(hosts.check(URI.create("https://example.org/")))).contains("not allowed");
        assertThat(reason(hosts.check(URI.create("https://a.b.example.com/")))).contains("not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1/", "http://10.0.0.7/", "http://[::1]/", "https://internal.example.com/",
        "https://mixed.example.com/", "https://mapped.example.com/"
    })
    void loopbackAndPrivateAddressesAreRefusedUnlessAllowed(String url) {
        assertThat(reason(hosts.check(URI.create(url)))).contains("resolves to");
    }

    @Test
    void explicitlyPrivateHostPasses() {
        HostCheck local = HostCheck.of(List.of("127.0.0.1"), List.of("127.0.0.1"), HostCheckTest::resolve);
        assertThat(local.check(URI.create("http://127.0.0.1:8080/"))).isInstanceOf(HostVerdict.Allowed.class);
    }

    @Test
    void everySpecialRangeIsRecognised() throws UnknownHostException {
        for (String address : List.of("127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.0.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "::1", "::", "fc00::1",
                "fd12:3456::1", "fe80::1", "::ffff:10.0.0.1", "64:ff9b::a00:1")) {
            assertThat(AddressRanges.special(InetAddress.getByName(address))).as(address).isPresent();
        }
        for (String address : List.of("8.8.8.8", "172.15.0.1", "172.32.0.1", "192.169.0.1", "2001:4860::8888")) {
            assertThat(AddressRanges.special(InetAddress.getByName(address))).as(address).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://api.example.com/", "file:///etc/passwd", "https://u:p@api.example.com/",
        "https:///nohost", "gopher://api.example.com/"})
    void otherSchemesCredentialsAndMissingHostsAreRefused(String url) {
        assertThat(hosts.check(URI.create(url))).isInstanceOf(HostVerdict.Refused.class);
    }

    @Test
    void unresolvableHostIsRefused() {
        assertThat(reason(hosts.check(URI.create("https://nowhere.example.com/")))).contains("does not resolve");
    }

    @Test
    void redirectToAnotherHostIsRefused() {
        URI from = URI.create("https://api.example.com/a");
        assertThat(reason(hosts.checkRedirect(from, URI.create("https://v6.example.com/b")))).contains("another host");
        assertThat(reason(hosts.checkRedirect(from, URI.create("http://api.example.com/b")))).contains("https");
        assertThat(reason(hosts.checkRedirect(from, URI.create("https://api.example.com:8443/b")))).contains("port");
        assertThat(hosts.checkRedirect(from, URI.create("https://api.example.com/b")))
                .isInstanceOf(HostVerdict.Allowed.class);
        assertThat(hosts.checkRedirect(URI.create("http://api.example.com/"), URI.create("https://api.example.com/")))
                .isInstanceOf(HostVerdict.Allowed.class);
    }
}
