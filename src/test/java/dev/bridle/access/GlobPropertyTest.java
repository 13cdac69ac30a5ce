package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written glob matcher agrees with a straightforward regular-expression translation of the syntax. */
class GlobPropertyTest {

    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.of("a", "b", "ab", "*", "?", "**", "a*", "*b", "a?b", "*a*", ".x", "*.x")
                .list().ofMinSize(1).ofMaxSize(5).map(s -> String.join("/", s));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("a", "b", "ab", "aab", "abb", "a.x", ".x", "bx", "c")
                .list().ofMinSize(1).ofMaxSize(6).map(s -> String.join("/", s));
    }

    @Property(tries = 3000)
    void pathGlobAgreesWithTheReference(@ForAll("globs") String glob, @ForAll("paths") String path) {
        assertThat(Glob.path(glob).matches(path)).as("%s ~ %s", glob, path).isEqualTo(reference(glob, path, '/'));
    }

    @Property(tries = 2000)
    void hostGlobAgreesWithTheReference(@ForAll("globs") String glob, @ForAll("paths") String path) {
        String g = glob.replace('/', '.');
        String h = path.replace('/', '.');
        assertThat(Glob.host(g).matches(h)).as("%s ~ %s", g, h).isEqualTo(reference(g, h, '.'));
    }

    /** The documented syntax as a regular expression: {@code **} segments, {@code *}, {@code ?}. */
    private static boolean reference(String glob, String input, char separator) {
        String sep = Pattern.quote(String.valueOf(separator));
        String notSep = "[^" + (separator == '.' ? "\\." : String.valueOf(separator)) + "]";
        String g = glob;
        String twice = "**" + separator + "**";
        while (g.contains(twice)) {
            // adjacent "**" segments mean the same as one; the translation below assumes they were merged
            g = g.replace(twice, "**");
        }
        String[] segments = g.split(Pattern.quote(String.valueOf(separator)), -1);
        StringBuilder regex = new StringBuilder();
        int last = segments.length - 1;
        for (int i = 0; i <= last; i++) {
            String segment = segments[i];
            if (segment.equals("**")) {
                if (i == 0 && i == last) {
                    regex.append(".*");
                } else if (i == last) {
                    regex.append("(?:").append(sep).append(".*)?");
                } else {
                    regex.append("(?:").append(notSep).append("*").append(sep).append(")*");
                }
                continue;
            }
            for (char c : segment.toCharArray()) {
                regex.append(c == '*' ? notSep + "*" : c == '?' ? notSep : Pattern.quote(String.valueOf(c)));
            }
            if (i < last && !(i + 1 == last && segments[i + 1].equals("**"))) {
                regex.append(sep);
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(input).matches();
    }
}
