package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource({
        "127.1, 127.0.0.1",
        "2130706433, 127.0.0.1",
        "0x7f.0.0.1, 127.0.0.1",
        "0x7F000001, 127.0.0.1",
        "0177.0.0.1, 127.0.0.1",
        "0177.1, 127.0.0.1",
        "127.0.0.1., 127.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "0, 0.0.0.0",
        "[::1], [::1]",
        "::1, [::1]",
        "[0:0:0:0:0:0:0:1], [::1]",
        "[::], [::]",
        "[::ffff:127.0.0.1], 127.0.0.1",
        "[::ffff:7f00:1], 127.0.0.1",
        "[::127.0.0.1], [::7f00:1]",
        "[2001:DB8:0:0:1:0:0:1], [2001:db8::1:0:0:1]",
        "Docs.Example.COM., docs.example.com",
        "bücher.example, xn--bcher-kva.example",
        "127。0。0。1, 127.0.0.1",
        "ｌｏｃａｌｈｏｓｔ, localhost",
        "localhost, localhost",
        "docs.example.com:8080, docs.example.com:8080",
        "127.1:08080, 127.0.0.1:8080",
        "[::1]:8080, [::1]:8080",
        "[::ffff:127.0.0.1]:80, 127.0.0.1:80",
    })
    void everyEncodingHasOneCanonicalForm(String written, String canonical) {
        assertThat(HostNames.canonical(written)).contains(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "256.1.1.1", "08.0.0.1", "1.2.3.4.5", "0x1g.0.0.1", "a.b.1.2.3.4.5",
        "user@host", "host:0", "host:65536", "host:", "host:8a", "[::1", "[::1]x", "[fe80::1%25eth0]",
        "[::1]:", "a b", "ho/st", "1.2.3.256", "4294967296", "[1.2.3.4]"})
    void whatNoResolverShouldGuessAtIsNoHost(String written) {
        assertThat(HostPort.parse(written)).as(written).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "http://docs.example.com/a, docs.example.com",
        "https://docs.example.com:443/a, docs.example.com",
        "http://docs.example.com:80/a, docs.example.com",
        "http://docs.example.com:443/a, docs.example.com:443",
        "https://docs.example.com:80/a, docs.example.com:80",
        "HTTP://127.1:8080/x?q=1#f, 127.0.0.1:8080",
        "http://[::1]:8080/, [::1]:8080",
        "http://2130706433/, 127.0.0.1",
    })
    void aUrlsHostCarriesItsPortOnlyWhenNotTheDefault(String url, String hostPort) {
        assertThat(HttpTarget.parse(url).hostPort()).hasToString(hostPort);
        assertThat(HttpTarget.hostOf(url)).isEqualTo(hostPort);
    }

    @ParameterizedTest
    @CsvSource({
        "http://u@docs.example.com/, user information",
        "http://u:p@docs.example.com/, user information",
        "ftp://docs.example.com/, only http and https",
        "file:///etc/passwd, only http and https",
        "jar:http://docs.example.com/a.jar!/x, only http and https",
        "gopher://docs.example.com/, only http and https",
        "http:///nohost, no host",
        "http://256.0.0.1/, no usable host",
    })
    void urlsThatAreNotPlainHttpAreRefusedWithAReason(String url, String reason) {
        assertThatThrownBy(() -> HttpTarget.parse(url)).hasMessageContaining(reason);
        assertThat(HostNames.canonical(HttpTarget.hostOf(url))).as("never a usable host").isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "http://0x7f.1:8080/a?b=c#d, http://127.0.0.1:8080/a?b=c",
        "https://Docs.Example.com:443, https://docs.example.com/",
        "http://[0::1]/p%20q, http://[::1]/p%20q",
    })
    void theUrlSentIsRebuiltFromTheCanonicalParts(String url, String sent) {
        assertThat(HttpTarget.parse(url).uri()).hasToString(sent);
    }
}
