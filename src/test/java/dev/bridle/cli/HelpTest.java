package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command, found by walking the command tree so that a new one is covered too, answers --help and --version. */
class HelpTest {

    record Run(int code, String out, String err) {}

    private static Run bridle(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Stream<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(new CommandLine(new Main()), List.of(), all);
        return all.stream();
    }

    private static void walk(CommandLine c, List<String> path, List<List<String>> all) {
        all.add(path);
        c.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            walk(sub, next, all);
        });
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandAnswersHelpWithExitZeroAndNoNull(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        Run r = bridle(args);
        assertThat(r.code()).as(r.err()).isZero();
        // `help --help` is picocli's help command describing itself.
        if (!command.equals(List.of("help"))) {
            assertThat(r.out()).startsWith("Usage: bridle" + (command.isEmpty() ? "" : " " + String.join(" ", command)));
        }
        assertThat(r.out()).doesNotContain("null");
        if (!command.equals(List.of("help"))) {
            assertThat(r.out()).contains("--help").contains("--version");
        }
        assertThat(r.err()).isEmpty();
    }

    static Stream<List<String>> commandsButHelp() {
        // `help --version` asks picocli's help command for the help of a command named --version.
        return commands().filter(c -> !c.equals(List.of("help")));
    }

    @ParameterizedTest
    @MethodSource("commandsButHelp")
    void everyCommandAnswersVersion(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--version");
        Run r = bridle(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("bridle ");
    }
}
