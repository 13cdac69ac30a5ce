package dev.bridle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line wrapper ({@code src/main/dist/bridle}, copied to {@code target/bridle} by {@code mvn package}), run
 * by {@code /bin/sh} with a stand-in JDK whose {@code java} records the command line it was given.
 */
class CliLauncherTest {

    private static final String FAKE_JAVA = """
            #!/bin/sh
            for a in "$@"; do echo "$a"; done > "$ARGS_OUT"
            """;

    @TempDir
    Path dir;
    Path wrapper;
    Path jdk;
    Path argsOut;

    @BeforeEach
    void lay_out() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        Path target = Files.createDirectories(dir.resolve("target"));
        wrapper = Files.copy(Path.of("src/main/dist/bridle"), target.resolve("bridle"));
        jdk = Files.createDirectories(dir.resolve("jdk"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        argsOut = dir.resolve("args.txt");
    }

    private List<String> javaArgs(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().addAll(List.of("/bin/sh", wrapper.toString()));
        pb.command().addAll(List.of(args));
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("ARGS_OUT", argsOut.toString());
        pb.environment().remove("BRIDLE_JAVA_OPTIONS");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes())).isZero();
        return Files.readAllLines(argsOut);
    }

    @Test
    void a_command_runs_with_the_serial_collector() throws Exception {
        List<String> a = javaArgs(Map.of(), "run", "my harness.yaml", "--durability", "step");

        assertThat(a).contains("-XX:+UseSerialGC");
        assertThat(a.subList(a.indexOf("-jar"), a.size())).containsExactly("-jar",
                wrapper.resolveSibling("bridle.jar").toString(), "run", "my harness.yaml", "--durability", "step");
    }

    @Test
    void the_users_options_come_after_the_scripts_so_that_they_win() throws Exception {
        List<String> a = javaArgs(Map.of("BRIDLE_JAVA_OPTIONS", "-Xmx2g -XX:+UseCompressedOops"), "--version");

        assertThat(a.indexOf("-Xmx2g")).isGreaterThan(a.indexOf("-XX:+UseSerialGC"));
        assertThat(a.indexOf("-Xmx2g")).isLessThan(a.indexOf("-jar"));
        // an option that merely starts with -XX:+Use is no collector: the serial one stays
        assertThat(a).contains("-XX:+UseSerialGC", "-XX:+UseCompressedOops");
    }

    @Test
    void a_collector_among_the_users_options_replaces_the_serial_one() throws Exception {
        List<String> a = javaArgs(Map.of("BRIDLE_JAVA_OPTIONS", "-XX:+UseG1GC"), "--version");

        assertThat(a).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");
    }
}
