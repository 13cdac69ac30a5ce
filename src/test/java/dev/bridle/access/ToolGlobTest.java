package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.policy.ToolGlob;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The validator's tool globs ({@code policy.ToolGlob}) match exactly what the permission gate's ({@link Glob}) do. */
class ToolGlobTest {

    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.strings().withChars("ab.*?[\\").ofMinLength(0).ofMaxLength(7);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars("ab.[\\").ofMinLength(0).ofMaxLength(7);
    }

    @Property(tries = 3000)
    void theValidatorAndTheGateAgreeOnEveryName(@ForAll("globs") String glob, @ForAll("names") String name) {
        assertThat(ToolGlob.of(glob).matches(name)).as("%s on %s", glob, name)
                .isEqualTo(Glob.name(glob).matches(name));
    }

    @Example
    void aQuestionMarkIsOneCharacterAndOnlyAPlainNameIsWithinAnother() {
        assertThat(ToolGlob.of("fs.?ead").matches("fs.read")).isTrue();
        assertThat(ToolGlob.of("fs.?ead").matches("fs.ead")).isFalse();
        assertThat(ToolGlob.of("fs.read").within(ToolGlob.of("fs.*"))).isTrue();
        assertThat(ToolGlob.of("fs.?ead").within(ToolGlob.of("fs.read"))).isFalse();
        assertThat(ToolGlob.of("fs.*").within(ToolGlob.of("*"))).isTrue();
    }
}
