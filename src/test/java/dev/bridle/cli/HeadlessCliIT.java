package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        assertThat(commands).contains("run", "validate", "test", "export", "runs", "hook", "whatif", "gateway",
                "approve");
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

    @Test
    void theGatewayServesWithoutJavaFxOrADisplay() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("store/gateway") + ";AUTO_SERVER=TRUE";
        List<String> command = new ArrayList<>(headlessCommand());
        command.addAll(List.of("gateway", "--harness", "sample-policies/coding-agent.harness.yaml", "--upstream",
                "http://127.0.0.1:9", "--listen", "127.0.0.1:0", "--db", db));
        Process p = bridle.start(command, Map.of("DISPLAY", "", "WAYLAND_DISPLAY", ""));
        try {
            p.getOutputStream().close();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).as("the gateway's first line").isNotNull().startsWith("bridle gateway: harness");
            Matcher url = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+) ").matcher(first);
            assertThat(url.find()).as(first).isTrue();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url.group(1) + "/v1/decide/tool-call")).header("X-Bridle-Session", "headless")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"tool\":\"read_file\",\"args\":{\"file_path\":\"src/A.java\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"decision\":\"allow\"", "\"rule\":\"read-project\"");
        } finally {
            p.destroy(); // SIGTERM: the gateway's shutdown hook closes its sessions and the store
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private List<String> headlessCommand() {
        return List.of(Program.javaHome().resolve("bin/java").toString(), "-Djava.awt.headless=true",
                "-Duser.home=" + bridle.home(), "--sun-misc-unsafe-memory-access=allow", "-jar",
                Program.jar().toString());
    }

    private Program.Result headless(String... args) {
        List<String> command = new ArrayList<>(headlessCommand());
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
