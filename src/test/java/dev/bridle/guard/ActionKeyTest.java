package dev.bridle.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Actions compare by meaning: numbers by value, keys in any order, the path argument in its normal form. */
class ActionKeyTest {

    private static final UnaryOperator<String> NO_PATHS = p -> p;

    @Test
    void numbersCompareByValue() {
        String seven = ActionKey.of("t", "{\"n\":7}", null, NO_PATHS);

        assertThat(ActionKey.of("t", "{\"n\":7.0}", null, NO_PATHS)).isEqualTo(seven);
        assertThat(ActionKey.of("t", "{\"n\":7.000}", null, NO_PATHS)).isEqualTo(seven);
        assertThat(ActionKey.of("t", "{\"n\":0.7e1}", null, NO_PATHS)).isEqualTo(seven);
        assertThat(ActionKey.of("t", "{\"n\":[1.50]}", null, NO_PATHS))
                .isEqualTo(ActionKey.of("t", "{\"n\":[1.5]}", null, NO_PATHS));
        assertThat(ActionKey.of("t", "{\"n\":7.5}", null, NO_PATHS)).isNotEqualTo(seven);
        assertThat(ActionKey.of("t", "{\"n\":\"7\"}", null, NO_PATHS)).isNotEqualTo(seven);
    }

    @Test
    void keysCompareInAnyOrderAtEveryDepth() {
        assertThat(ActionKey.of("t", "{\"b\":1,\"a\":{\"y\":2,\"x\":3}}", null, NO_PATHS))
                .isEqualTo(ActionKey.of("t", "{\"a\":{\"x\":3,\"y\":2},\"b\":1}", null, NO_PATHS));
    }

    @Test
    void onlyThePathArgumentIsNormalised() {
        UnaryOperator<String> normal = p -> p.equals("./a") ? "a" : p;

        assertThat(ActionKey.of("t", "{\"path\":\"./a\",\"note\":\"./a\"}", "path", normal))
                .isEqualTo("t{\"note\":\"./a\",\"path\":\"a\"}");
    }

    @Test
    void argumentsThatAreNotJsonCompareAsWritten() {
        assertThat(ActionKey.of("t", "{not json", "path", NO_PATHS)).isEqualTo("t{not json");
    }
}
