package dev.bridle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbench launcher ({@code src/main/dist/bridle-workbench}, copied to {@code target/workbench} by
 * {@code mvn package}), run by {@code /bin/sh} in a folder laid out like {@code target/workbench}, with a stand-in
 * {@code java} that reports its version and records the command line it was given.
 */
class WorkbenchLauncherTest {

    private static final String FAKE_JAVA = """
            #!/bin/sh
            if [ "$1" = -XshowSettings:properties ]; then
                echo "Property settings:" >&2
                echo "    java.version = $FAKE_VERSION" >&2
                exit 0
            fi
            for a in "$@"; do echo "$a"; done > "$ARGS_OUT"
            echo "${GDK_GL-unset}" > "$ARGS_OUT.gdk"
            """;

    @TempDir
    Path dir;
    Path workbench;
    Path jdk;
    Path argsOut;

    @BeforeEach
    void lay_out() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        workbench = Files.createDirectories(dir.resolve("workbench"));
        Files.copy(Path.of("src/main/dist/bridle-workbench"), workbench.resolve("bridle-workbench"));
        Files.writeString(workbench.resolve("bridle-thin.jar"), "app");
        Files.createDirectories(workbench.resolve("lib"));
        Files.writeString(workbench.resolve("lib/h2.jar"), "h2");
        Files.writeString(workbench.resolve("lib/cel.jar"), "cel");
        Files.createDirectories(workbench.resolve("javafx"));
        Files.writeString(workbench.resolve("javafx/javafx-graphics-linux.jar"), "fx");
        Instant old = Instant.now().minusSeconds(3600);
        try (var files = Files.walk(workbench)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, FileTime.from(old));
            }
        }
        jdk = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = jdk.resolve("java");
        Files.writeString(java, FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        argsOut = dir.resolve("args.txt");
    }

    /** @param gdkGl the {@code GDK_GL} the JVM was started with ({@code unset} when it had none) */
    private record Launch(int exit, String stderr, List<String> javaArgs, String gdkGl) {}

    private Launch launch(String version, Map<String, String> env, String... args) throws Exception {
        Files.deleteIfExists(argsOut);
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("/bin/sh");
        pb.command().add(workbench.resolve("bridle-workbench").toString());
        pb.command().addAll(List.of(args));
        pb.environment().put("JAVA_HOME", jdk.getParent().toString());
        pb.environment().put("FAKE_VERSION", version);
        pb.environment().put("ARGS_OUT", argsOut.toString());
        pb.environment().remove("BRIDLE_AOT");
        pb.environment().remove("BRIDLE_JAVA_OPTIONS");
        pb.environment().remove("GDK_GL");
        // The launcher refuses to start without a display before it looks for Java; the fake java opens no window.
        pb.environment().put("DISPLAY", ":0");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes());
        List<String> javaArgs = Files.exists(argsOut) ? Files.readAllLines(argsOut) : List.of();
        Path gdk = Path.of(argsOut + ".gdk");
        String gdkGl = Files.exists(gdk) ? Files.readString(gdk).strip() : "";
        return new Launch(p.exitValue(), err, javaArgs, gdkGl);
    }

    /** The first of the two steps that make a cache (JEP 483): a run that records its configuration beside it. */
    private static List<String> recording(Path cache) {
        return List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + cache + ".config");
    }

    private Path cache() {
        return workbench.resolve("bridle-workbench-25.0.3.aot");
    }

    @Test
    void the_first_start_records_the_class_cache_and_passes_everything_the_workbench_needs() throws Exception {
        Launch l = launch("25.0.3", Map.of(), "--folder=my policies", "--db=jdbc:h2:mem:x");

        assertThat(l.exit()).isZero();
        assertThat(l.stderr()).contains("first start records a cache");
        List<String> a = l.javaArgs();
        assertThat(a).containsSubsequence(recording(cache()));
        assertThat(a.get(a.indexOf("--module-path") + 1)).isEqualTo(workbench.resolve("javafx/javafx-graphics-linux.jar").toString());
        assertThat(a.get(a.indexOf("--add-modules") + 1)).isEqualTo("javafx.controls");
        assertThat(a.get(a.indexOf("-cp") + 1)).isEqualTo(String.join(":",
                workbench.resolve("bridle-thin.jar").toString(), workbench.resolve("lib/cel.jar").toString(),
                workbench.resolve("lib/h2.jar").toString()));
        // the main class, then the user's arguments as they were given, spaces and all
        assertThat(a.subList(a.size() - 3, a.size()))
                .containsExactly("dev.bridle.app.Workbench", "--folder=my policies", "--db=jdbc:h2:mem:x");
    }

    @Test
    void the_jit_compilers_give_way_and_gtk_skips_opengl_unless_the_user_says_otherwise() throws Exception {
        Launch l = launch("25.0.3", Map.of());

        assertThat(l.javaArgs()).contains("-XX:ThreadPriorityPolicy=1", "-XX:CompilerThreadPriority=19",
                "-XX:-PrintWarnings");
        assertThat(l.gdkGl()).isEqualTo("disable");

        Launch own = launch("25.0.3", Map.of("GDK_GL", "always", "BRIDLE_JAVA_OPTIONS", "-XX:+PrintWarnings"));

        assertThat(own.gdkGl()).isEqualTo("always");
        // the user's options come after the launcher's, so they win
        assertThat(own.javaArgs().indexOf("-XX:+PrintWarnings"))
                .isGreaterThan(own.javaArgs().indexOf("-XX:-PrintWarnings"));
    }

    @Test
    void later_starts_map_the_cache_in() throws Exception {
        Files.writeString(cache(), "cache");

        Launch l = launch("25.0.3", Map.of());

        assertThat(l.javaArgs()).contains("-XX:AOTCache=" + cache()).doesNotContain("-XX:AOTMode=record");
        assertThat(l.stderr()).doesNotContain("first start");
    }

    @Test
    void a_jar_newer_than_the_cache_makes_a_fresh_cache() throws Exception {
        Files.writeString(cache(), "cache");
        Files.setLastModifiedTime(cache(), FileTime.from(Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(workbench.resolve("lib/h2.jar"), FileTime.from(Instant.now()));

        Launch l = launch("25.0.3", Map.of());

        assertThat(cache()).doesNotExist();
        assertThat(l.javaArgs()).containsSubsequence(recording(cache()));
    }

    @Test
    void another_jdk_gets_its_own_cache() throws Exception {
        Files.writeString(cache(), "cache");

        Launch l = launch("26", Map.of());

        assertThat(l.javaArgs()).containsSubsequence(recording(workbench.resolve("bridle-workbench-26.aot")));
        assertThat(cache()).exists();
    }

    @Test
    void the_cache_can_be_turned_off_and_options_added() throws Exception {
        Launch l = launch("25.0.3", Map.of("BRIDLE_AOT", "off", "BRIDLE_JAVA_OPTIONS", "-Dprism.order=sw -Xmx1g"));

        assertThat(l.javaArgs()).noneMatch(s -> s.startsWith("-XX:AOTCache")).contains("-Dprism.order=sw", "-Xmx1g");
    }

    @Test
    void the_version_comes_from_the_jdks_release_file_when_it_has_one() throws Exception {
        Files.writeString(jdk.getParent().resolve("release"), "IMPLEMENTOR=\"Someone\"\nJAVA_VERSION=\"25.0.3\"\n");

        // the stand-in java would say 17; the release file is read instead, without starting a JVM
        Launch l = launch("17", Map.of());

        assertThat(l.exit()).isZero();
        assertThat(l.javaArgs()).containsSubsequence(recording(cache()));
    }

    @Test
    void an_older_java_is_refused_with_a_plain_message() throws Exception {
        Launch l = launch("17.0.12", Map.of());

        assertThat(l.exit()).isEqualTo(2);
        assertThat(l.stderr()).contains("is Java 17.0.12", "needs Java 25 or newer", "JAVA_HOME");
        assertThat(l.javaArgs()).isEmpty();
    }

    @Test
    void a_java_that_cannot_run_is_refused_with_a_plain_message() throws Exception {
        Files.writeString(jdk.resolve("java"), "#!/bin/sh\nexit 1\n");

        Launch l = launch("25", Map.of());

        assertThat(l.exit()).isEqualTo(2);
        assertThat(l.stderr()).contains("cannot run", "JAVA_HOME");
    }
}
