package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void starStaysWithinOnePathSegment() {
        Glob glob = Glob.path("src/*.java");
        assertThat(glob.matches("src/A.java")).isTrue();
        assertThat(glob.matches("src/a/B.java")).isFalse();
        assertThat(glob.matches("src/.java")).isTrue();
    }

    @Test
    void doubleStarCrossesSegmentsAndMatchesTheFolderItself() {
        Glob glob = Glob.path("src/**");
        assertThat(glob.matches("src")).isTrue();
        assertThat(glob.matches("src/a")).isTrue();
        assertThat(glob.matches("src/a/b/c.txt")).isTrue();
        assertThat(glob.matches("srcx/a")).isFalse();
        assertThat(glob.matches("other/src/a")).isFalse();
    }

    @Test
    void doubleStarInTheMiddleMatchesZeroOrMoreSegments() {
        Glob glob = Glob.path("a/**/b.txt");
        assertThat(glob.matches("a/b.txt")).isTrue();
        assertThat(glob.matches("a/x/y/b.txt")).isTrue();
        assertThat(glob.matches("a/xb.txt")).isFalse();
        assertThat(Glob.path("**/*.lock").matches("deep/down/x.lock")).isTrue();
        assertThat(Glob.path("**/*.lock").matches("x.lock")).isTrue();
    }

    @Test
    void questionMarkIsOneCharacterButNeverASeparator() {
        assertThat(Glob.path("a?c").matches("abc")).isTrue();
        assertThat(Glob.path("a?c").matches("a/c")).isFalse();
        assertThat(Glob.path("a?c").matches("ac")).isFalse();
    }

    @Test
    void leadingWorkspaceSegmentNamesTheRoot() {
        assertThat(Glob.path("workspace/**").matches("anything/at/all")).isTrue();
        assertThat(Glob.path("workspace/**").matches(".")).isTrue();
        assertThat(Glob.path("workspace/src/**").matches("src/a.txt")).isTrue();
        assertThat(Glob.path("workspace/src/**").matches("secrets/a.txt")).isFalse();
        assertThat(Glob.path("./docs/*").matches("docs/x")).isTrue();
    }

    @Test
    void bracketsAndBracesAreLiteral() {
        assertThat(Glob.path("[ab].txt").matches("[ab].txt")).isTrue();
        assertThat(Glob.path("[ab].txt").matches("a.txt")).isFalse();
        assertThat(Glob.path("{a,b}").matches("a")).isFalse();
        assertThat(Glob.path("a.b").matches("axb")).isFalse();
    }

    @Test
    void toolGlobsHaveNoSeparator() {
        assertThat(Glob.name("fs.*").matches("fs.read")).isTrue();
        assertThat(Glob.name("fs.*").matches("fs.a.b")).isTrue();
        assertThat(Glob.name("fs.*").matches("fsx.read")).isFalse();
        assertThat(Glob.name("*").matches("shell")).isTrue();
        assertThat(Glob.name("shell").matches("shell:git")).isFalse();
    }

    @Test
    void hostStarIsOneLabelAndDoubleStarAnyLabels() {
        assertThat(Glob.host("*.example.com").matches("api.example.com")).isTrue();
        assertThat(Glob.host("*.example.com").matches("a.b.example.com")).isFalse();
        assertThat(Glob.host("*.example.com").matches("example.com")).isFalse();
        assertThat(Glob.host("*.example.com").matches("evilexample.com")).isFalse();
        assertThat(Glob.host("**.example.com").matches("a.b.example.com")).isTrue();
        assertThat(Glob.host("**.example.com").matches("example.com")).isTrue();
        assertThat(Glob.host("API.Example.com").matches("api.example.com")).isTrue();
    }
}
