package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostGlobTest {

    @Test
    void aGlobWithoutAPortMatchesTheDefaultPortOnly() {
        Glob docs = Glob.host("docs.example.com");
        assertThat(docs.matches("docs.example.com")).isTrue();
        assertThat(docs.matches("docs.example.com:8080")).isFalse();
        assertThat(docs.matches("docs.example.com:443")).isFalse();
    }

    @Test
    void aNonDefaultPortMustBeNamed() {
        Glob local = Glob.host("127.0.0.1:8080");
        assertThat(local.matches("127.0.0.1:8080")).isTrue();
        assertThat(local.matches("127.0.0.1")).isFalse();
        assertThat(local.matches("127.0.0.1:8081")).isFalse();
        assertThat(Glob.host("*.example.com:8443").matches("api.example.com:8443")).isTrue();
        assertThat(Glob.host("*.example.com:8443").matches("api.example.com")).isFalse();
    }

    @Test
    void aWildcardNeverMatchesAcrossTheColon() {
        assertThat(Glob.host("*.example.com").matches("a.example.com:8080")).isFalse();
        assertThat(Glob.host("docs.example.*").matches("docs.example.com:8080")).isFalse();
        assertThat(Glob.host("**").matches("anything.at.all:1")).isFalse();
        assertThat(Glob.host("**").matches("anything.at.all")).isTrue();
        assertThat(Glob.host("*").matches("127.0.0.1:8080")).isFalse();
    }

    @Test
    void ipv6LiteralsMatchWithOrWithoutBracketsAndWithPortsInBrackets() {
        assertThat(Glob.host("[::1]").matches("[::1]")).isTrue();
        assertThat(Glob.host("::1").matches("[::1]")).isTrue();
        assertThat(Glob.host("[0:0::1]").matches("[::1]")).isTrue();
        assertThat(Glob.host("[::1]:8080").matches("[::1]:8080")).isTrue();
        assertThat(Glob.host("[::1]:8080").matches("[::1]")).isFalse();
        assertThat(Glob.host("[::1]").matches("[::1]:8080")).isFalse();
    }

    @Test
    void literalAddressesInGlobsAreCanonicalToo() {
        assertThat(Glob.host("127.1:8080").matches("127.0.0.1:8080")).isTrue();
        assertThat(Glob.host("LOCALHOST").matches("localhost")).isTrue();
    }

    @Test
    void aBadPortMatchesNothing() {
        for (String bad : new String[] {"docs.example.com:", "docs.example.com:0", "docs.example.com:http",
            "docs.example.com:99999", "[::1]x"}) {
            Glob glob = Glob.host(bad);
            assertThat(glob.matches("docs.example.com")).as(bad).isFalse();
            assertThat(glob.matches("[::1]")).as(bad).isFalse();
            assertThat(glob.isLiteralHost()).as(bad).isFalse();
        }
    }

    @Test
    void onlyGlobsWithoutWildcardsNameAHostLiterally() {
        assertThat(Glob.host("127.0.0.1:8080").isLiteralHost()).isTrue();
        assertThat(Glob.host("localhost").isLiteralHost()).isTrue();
        assertThat(Glob.host("*").isLiteralHost()).isFalse();
        assertThat(Glob.host("**").isLiteralHost()).isFalse();
        assertThat(Glob.host("127.0.0.?").isLiteralHost()).isFalse();
        assertThat(Glob.name("fs.read").isLiteralHost()).isFalse();
    }
}
