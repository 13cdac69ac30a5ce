package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspacePathTest {

    @ParameterizedTest
    @CsvSource({
        "src/../secrets, secrets",
        "./a//b/./c, a/b/c",
        "a/b/.., a",
        "., .",
        "a/.., .",
        "'...', '...'",
        "dir/file%zz, dir/file%zz",
    })
    void normalisesInsidePaths(String raw, String expected) {
        assertThat(WorkspacePath.normalise(raw)).isEqualTo(new PathCheck.Inside(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "..", "../x", "a/../../x", "/etc/passwd", "~/x", "C:x", "a\\..\\b", "%2e%2e/x", "%2E%2E%2Fx", "..%2fx",
        "%252e%252e/x", "%c0%ae%c0%ae/x", "a\u0000b", "\uff0e\uff0e/x", "..\uff0fx", "a\u2024\u2024/x", "a\ufffd",
        "a\ud800", ""
    })
    void refusesEscapingAndEncodedForms(String raw) {
        assertThat(WorkspacePath.normalise(raw)).isInstanceOf(PathCheck.Refused.class);
    }

    @ParameterizedTest
    @CsvSource({
        "'../x', '''..'' escapes the workspace'",
        "'/x', 'absolute path'",
        "'a\\b', 'contains a backslash'",
        "'%2e%2e', 'contains a percent-encoded sequence (encoded forms are refused, never decoded)'",
    })
    void refusalsSayWhy(String raw, String reason) {
        assertThat(WorkspacePath.normalise(raw)).isEqualTo(new PathCheck.Refused(reason));
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 200})
    void tooDeepPathsAreRefused(int depth) {
        String raw = "a/".repeat(depth) + "f";
        assertThat(WorkspacePath.normalise(raw)).isInstanceOf(PathCheck.Refused.class);
    }
}
