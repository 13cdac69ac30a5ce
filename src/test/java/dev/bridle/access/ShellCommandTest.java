package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShellCommandTest {

    private static String refusal(String line) {
        ShellCommand parsed = ShellCommand.parse(line);
        assertThat(parsed).as(line).isInstanceOf(ShellCommand.Refused.class);
        return ((ShellCommand.Refused) parsed).reason();
    }

    @Test
    void plainCommandBecomesAnArgumentVector() {
        assertThat(ShellCommand.parse("git  commit -m 'a message' \"two words\" back\\ slash", Set.of("git")))
                .isEqualTo(new ShellCommand.Simple(List.of("git", "commit", "-m", "a message", "two words",
                        "back slash")));
    }

    @Test
    void quotedOperatorsAreLiteral() {
        assertThat(ShellCommand.parse("grep 'a|b;c' \"x && y\" '$(z)' \\;"))
                .isEqualTo(new ShellCommand.Simple(List.of("grep", "a|b;c", "x && y", "$(z)", ";")));
    }

    @Test
    void doubleQuotesUnescapeOnlyTheirSpecials() {
        assertThat(ShellCommand.parse("echo \"a\\\"b\\\\c\\n\""))
                .isEqualTo(new ShellCommand.Simple(List.of("echo", "a\"b\\c\\n")));
    }

    static Stream<Arguments> wrappedCommands() {
        return Stream.of(
                Arguments.of("a; b", ";"),
                Arguments.of("a && b", "&&"),
                Arguments.of("a || b", "'||'"),
                Arguments.of("a | b", "pipeline"),
                Arguments.of("a & b", "background"),
                Arguments.of("echo $(x)", "command substitution with '$('"),
                Arguments.of("echo `x`", "backticks"),
                Arguments.of("echo \"`x`\"", "backticks"),
                Arguments.of("echo \"$(x)\"", "command substitution"),
                Arguments.of("echo $HOME", "parameter expansion"),
                Arguments.of("echo ${HOME}", "parameter expansion"),
                Arguments.of("{ cat f; }", "command group"),
                Arguments.of("{ cat f }", "command group"),
                Arguments.of("( cat f )", "subshell"),
                Arguments.of("cat f > out", "output redirection"),
                Arguments.of("cat < f", "input redirection"),
                Arguments.of("cat f 2>&1", "redirection"),
                Arguments.of("cat f >> out", "output redirection"),
                Arguments.of("sh -c 'rm -rf /'", "'sh' runs another command"),
                Arguments.of("bash -c ls", "'bash' runs another command"),
                Arguments.of("/bin/zsh -c ls", "'zsh' runs another command"),
                Arguments.of("env X=1 rm", "'env' runs another command"),
                Arguments.of("X=1 rm -rf x", "environment assignment"),
                Arguments.of("xargs rm", "'xargs' runs another command"),
                Arguments.of("exec rm", "'exec' runs another command"),
                Arguments.of("eval rm", "'eval' runs another command"),
                Arguments.of("nohup rm", "'nohup' runs another command"),
                Arguments.of("timeout 5 rm", "'timeout' runs another command"),
                Arguments.of("sudo rm -rf /", "'sudo' runs another command"),
                Arguments.of("if true", "keyword 'if'"),
                Arguments.of("! rm x", "keyword '!'"),
                Arguments.of("cat f # comment", "comment"),
                Arguments.of("'unterminated", "unterminated single quote"),
                Arguments.of("\"unterminated", "unterminated double quote"),
                Arguments.of("trailing\\", "trailing backslash"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrappedCommands")
    void compoundAndWrappedCommandsAreRefused(String line, String expected) {
        assertThat(refusal(line)).contains(expected);
    }

    @Test
    void newlineAndEmptyAreRefused() {
        assertThat(refusal("ls\nrm -rf /")).contains("more than one line");
        assertThat(refusal("   ")).contains("empty");
        assertThat(refusal("''")).contains("empty program name");
    }

    @Test
    void capsFailClosed() {
        assertThat(refusal("a".repeat(ShellCommand.MAX_LENGTH + 1))).contains("longer than");
        assertThat(refusal("echo" + " x".repeat(ShellCommand.MAX_WORDS + 1))).contains("words");
    }

    @Test
    void namedWrapperIsAllowedThrough() {
        assertThat(ShellCommand.parse("xargs rm", Set.of("xargs")))
                .isEqualTo(new ShellCommand.Simple(List.of("xargs", "rm")));
        assertThat(ShellCommand.parse("a | b", Set.of("a"))).isInstanceOf(ShellCommand.Refused.class);
    }

    @Test
    void quotedKeywordIsAProgramName() {
        assertThat(ShellCommand.parse("'if' x")).isEqualTo(new ShellCommand.Simple(List.of("if", "x")));
    }
}
