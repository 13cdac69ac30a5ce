package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a server: {@code target/bridle.jar} holds no JavaFX and no workbench, and every command runs
 * from it with no display ({@code DISPLAY} unset, {@code java.awt.headless}) on a JDK that has no JavaFX either.
 * Runs after {@code package} (failsafe).
 */
class HeadlessCliIT {

    @TempDir
    Path dir;

    private Program bridle;

    @BeforeEach
    void setUp() {
        bridle = new Program(dir.resolve("home"), Program.project());
    }

    @Test
    void theCliJarHoldsNoJavaFxAndNoWorkbench() throws IOException {
        List<String> entries;
        try (ZipFile zip = new ZipFile(Program.jar().toFile())) {
            entries = zip.stream().map(ZipEntry::getName).toList();
        }
        assertThat(entries).contains("dev/bridle/cli/Main.class", "dev/bridle/hook/ClaudeCodeHook.class");
        assertThat(entries).noneMatch(e -> e.startsWith("javafx/") || e.startsWith("com/sun/javafx/")
                || e.startsWith("com/sun/glass/") || e.startsWith("com/sun/prism/") || e.startsWith("dev/bridle/app/")
                || e.startsWith("org/controlsfx/") || e.startsWith("atlantafx/") || e.startsWith("org/kordamp/")
                || e.endsWith(".so") && e.contains("glass"));
        // The jar is started by a JDK with no JavaFX modules, so nothing can bring the toolkit in from outside.
        Program.Result modules = bridle.run(List.of(Program.javaHome().resolve("bin/java").toString(),
                "--list-modules"), Map.of());
        assertThat(modules.out()).doesNotContain("javafx.");
    }

    @Test
    void everyCommandRunsWithoutJavaFxOrADisplay() throws IOException {
        Program.Result help = headless("--help");
        assertThat(help.code()).as(help.toString()).isZero();
        List<String> commands = commandsOf(help.out());
        assertThat(commands).contains("run", "validate", "test", "export", "runs", "hook", "whatif");
        // picocli builds every command (its class, options and mixins) before it answers even --help, so this one
        // start has loaded them all without JavaFX; HelpTest checks each command's help text in-process.
        assertThat(help.err()).isEmpty();

        // And real work: validate, scenarios, a recorded run, a signed bundle, a hook call.
        String db = "jdbc:h2:file:" + dir.resolve("store/runs") + ";AUTO_SERVER=TRUE";
        assertThat(headless("validate", "--strict", "sample-policies").code()).isZero();
        Program.Result tests = headless("test", "sample-policies/coding-agent");
        assertThat(tests.code()).as(tests.toString()).isZero();
        assertThat(tests.out()).contains("4 passed, 0 failed");
        Program.Result run = headless("run", "--db", db, "--scenario",
                "sample-policies/coding-agent/loops-on-a-file.scenario.yaml", "sample-policies/coding-agent.harness.yaml");
        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.STOPPED);
        assertThat(headless("runs", "list", "--db", db).out()).contains("coding-agent");
        Path bundle = dir.resolve("bundle");
        assertThat(headless("export", "sample-policies/coding-agent.harness.yaml", "--out", bundle.toString()).code())
                .isZero();
        assertThat(headless("verify-bundle", bundle.toString()).code()).isZero();
        Path project = Files.createDirectories(dir.resolve("project"));
        Program.Result hook = bridle.jarWithInput("{\"session_id\":\"headless\",\"cwd\":\"" + project
                + "\",\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"read_file\",\"tool_input\":{\"file_path\":"
                + "\"src/A.java\"}}", "hook", "claude-code", "--bundle", bundle.toString(), "--db", db);
        assertThat(hook.code()).as(hook.toString()).isZero();
        assertThat(hook.out()).contains("\"permissionDecision\":\"allow\"").contains("read-project");
    }

    private Program.Result headless(String... args) {
        List<String> command = new ArrayList<>(List.of(Program.javaHome().resolve("bin/java").toString(),
                "-Djava.awt.headless=true", "-Duser.home=" + bridle.home(), "--sun-misc-unsafe-memory-access=allow",
                "-jar", Program.jar().toString()));
        command.addAll(List.of(args));
        return bridle.run(command, Map.of("DISPLAY", "", "WAYLAND_DISPLAY", ""));
    }

    /** The command names in the top-level help's Commands section. */
    private static List<String> commandsOf(String help) {
        List<String> names = new ArrayList<>();
        boolean inCommands = false;
        Matcher m;
        for (String line : help.lines().toList()) {
            if (line.startsWith("Commands:")) {
                inCommands = true;
                continue;
            }
            if (inCommands && (m = Pattern.compile("^  ([a-z][a-z-]*)\\b").matcher(line)).find()
                    && !m.group(1).equals("help")) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
