package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands, run as a reader would run them after building, so that a README that drifts from the
 * program fails the build. The README is read when the test runs; its conventions:
 *
 * <ul>
 *   <li>Fenced blocks with no language (or {@code sh}, {@code shell}, {@code console}) are command blocks; blocks
 *       in another language (yaml, json) are documents and are not run.
 *   <li>A block just after {@code <!-- not run: REASON -->} is not run (a model server, a display, your shell's
 *       set-up); the reason must be given.
 *   <li>A block with lines starting with {@code $ } is a transcript: each {@code $ } line is a command (a line ending
 *       in {@code \} continues on the next), the lines up to the next command are what it prints (standard output,
 *       then standard error), and a {@code ...} line stands for any number of lines. {@code $ echo $?} shows the
 *       exit code of the command before it; any other command must exit 0.
 *   <li>In any other block each line is a command (with {@code \} continuations and {@code #} comments, as in a
 *       shell), which must exit 0; its output is not checked.
 *   <li>{@code mvn ...} and {@code alias ...} lines are not run: the test runs inside the build that made the jar,
 *       and {@code bridle} is always the wrapper {@code target/bridle}.
 *   <li>Commands run with bash in a scratch folder holding a copy of {@code sample-policies} and {@code examples},
 *       and a link to {@code target}, in order, one README at a time, so that a block can use the files an earlier
 *       one wrote. {@code HOME} is a scratch folder too, and printed as {@code /home/you}.
 * </ul>
 */
class ReadmeCommandsIT {

    private static final Pattern NOT_RUN = Pattern.compile("<!--\\s*not run:\\s*(\\S.*?)\\s*-->");
    private static final Pattern FENCE = Pattern.compile("^```\\s*(\\S*)\\s*$");
    private static final String SHOWN_HOME = "/home/you";

    @TempDir
    static Path dir;

    /** A command of the README, where it is, and what it must print ({@code null}: not checked) and exit with. */
    record Command(int line, String text, List<String> shown, int exitCode) {}

    /** A fenced block of the README. */
    record Block(int line, String language, List<String> lines, String notRun) {}

    static Path readme() {
        return Path.of(System.getProperty("bridle.readme", Program.project().resolve("README.md").toString()));
    }

    @TestFactory
    Stream<DynamicTest> theReadmesCommandsDoWhatItShows() throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        copy(Program.project().resolve("sample-policies"), work.resolve("sample-policies"));
        copy(Program.project().resolve("examples"), work.resolve("examples"));
        Files.createSymbolicLink(work.resolve("target"), Program.target());
        Program bridle = new Program(dir.resolve("home"), work);
        List<Command> commands = new ArrayList<>();
        for (Block b : blocks(Files.readAllLines(readme()))) {
            if (b.notRun() == null && isCommands(b.language())) {
                commands.addAll(commands(b));
            }
        }
        assertThat(commands).as("commands in " + readme()).isNotEmpty();
        // Dynamic tests run in order, so a block can use what an earlier one wrote.
        return commands.stream().map(c -> DynamicTest.dynamicTest("README.md:" + c.line() + ": " + c.text(),
                () -> check(bridle, c)));
    }

    private static void check(Program bridle, Command c) {
        Program.Result r = bridle.run(List.of("bash", "-c", "bridle() { \"$BRIDLE\" \"$@\"; }\n" + c.text()), Map.of(
                "BRIDLE", Program.target().resolve("bridle").toString(),
                "JAVA_HOME", Program.javaHome().toString(),
                "BRIDLE_JAVA_OPTIONS", "-Duser.home=" + bridle.home()));
        String where = readme() + ":" + c.line() + ": " + c.text() + "\n" + r;
        assertThat(r.code()).as(where).isEqualTo(c.exitCode());
        if (c.shown() != null) {
            List<String> printed = new ArrayList<>();
            Stream.concat(r.outLines().stream(), r.errLines().stream())
                    .map(l -> l.replace(bridle.home().toString(), SHOWN_HOME).stripTrailing())
                    .forEach(printed::add);
            assertThat(matches(c.shown(), 0, printed, 0)).as(where + "\nthe README shows:\n"
                    + String.join("\n", c.shown())).isTrue();
        }
    }

    /** Whether {@code printed} from {@code j} is what {@code shown} from {@code i} shows; "..." is any lines. */
    static boolean matches(List<String> shown, int i, List<String> printed, int j) {
        if (i == shown.size()) {
            return j == printed.size();
        }
        if (shown.get(i).strip().equals("...")) {
            for (int k = j; k <= printed.size(); k++) {
                if (matches(shown, i + 1, printed, k)) {
                    return true;
                }
            }
            return false;
        }
        return j < printed.size() && shown.get(i).stripTrailing().equals(printed.get(j))
                && matches(shown, i + 1, printed, j + 1);
    }

    static boolean isCommands(String language) {
        return language.isEmpty() || language.equals("sh") || language.equals("shell") || language.equals("console");
    }

    /** The fenced blocks, each with the reason it is not run when a not-run comment stands just before it. */
    static List<Block> blocks(List<String> readme) {
        List<Block> blocks = new ArrayList<>();
        String notRun = null;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            var fence = FENCE.matcher(line);
            if (fence.matches()) {
                int start = i;
                List<String> body = new ArrayList<>();
                for (i++; i < readme.size() && !readme.get(i).startsWith("```"); i++) {
                    body.add(readme.get(i));
                }
                blocks.add(new Block(start + 2, fence.group(1), body, notRun));
                notRun = null;
                continue;
            }
            var comment = NOT_RUN.matcher(line);
            if (comment.find()) {
                notRun = comment.group(1);
            } else if (line.contains("<!--") && line.contains("not run")) {
                throw new AssertionError("README.md:" + (i + 1) + ": write <!-- not run: REASON --> with a reason");
            } else if (!line.isBlank()) {
                notRun = null;
            }
        }
        return blocks;
    }

    /** A block's commands: a transcript's with what they print, or one command a line. */
    static List<Command> commands(Block b) {
        boolean transcript = b.lines().stream().anyMatch(l -> l.startsWith("$ "));
        List<Command> out = new ArrayList<>();
        List<String> lines = b.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (transcript && !line.startsWith("$ "))) {
                continue;
            }
            int at = b.line() + i;
            StringBuilder text = new StringBuilder(transcript ? line.substring(2) : line);
            while (text.toString().endsWith("\\") && i + 1 < lines.size()) {
                text.setLength(text.length() - 1);
                text.append(' ').append(lines.get(++i).strip());
            }
            String command = text.toString().strip();
            if (command.startsWith("mvn ") || command.startsWith("alias ") || command.startsWith("#")) {
                continue;
            }
            if (!transcript) {
                out.add(new Command(at, command, null, 0));
                continue;
            }
            List<String> shown = new ArrayList<>();
            while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ")) {
                shown.add(lines.get(++i));
            }
            if (command.equals("echo $?")) {
                // The previous command's exit code is what this line shows; it is checked there.
                Command previous = out.removeLast();
                out.add(new Command(previous.line(), previous.text(), previous.shown(),
                        Integer.parseInt(String.join("", shown).strip())));
                continue;
            }
            out.add(new Command(at, command, shown, 0));
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
