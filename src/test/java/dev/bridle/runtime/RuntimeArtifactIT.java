package dev.bridle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embeddable runtime as an embedding program gets it: {@code target/bridle-runtime.jar} and its own pom
 * ({@code target/bridle-runtime.pom}), resolved by Maven as one dependency. It holds the runtime's packages only, its
 * dependency tree has no JavaFX, CLI, store or logging backend, every class it names is on that tree, and a program
 * with nothing else on its class path enforces a harness. Runs after {@code package} (failsafe).
 */
class RuntimeArtifactIT {

    /** Artifacts an embedding program must never receive through the runtime: UI, CLI, store, logging backends. */
    private static final List<String> FORBIDDEN_JARS = List.of("javafx-", "controlsfx-", "atlantafx-", "ikonli-",
            "picocli-", "h2-", "flyway-", "slf4j-simple-", "slf4j-jdk14-", "slf4j-reload4j-", "slf4j-nop-",
            "logback-", "log4j-core-", "log4j-slf4j", "jul-to-slf4j-");

    private static Path target;
    private static List<Path> classPath;

    @TempDir
    Path dir;

    @BeforeAll
    static void resolveTheRuntimesPom() throws Exception {
        target = Path.of(System.getProperty("bridle.target", "target")).toAbsolutePath();
        classPath = resolve(target.resolve("bridle-runtime.pom"));
    }

    @Test
    void theRuntimeJarHoldsOnlyTheRuntimesPackages() throws IOException {
        List<String> entries;
        try (ZipFile zip = new ZipFile(target.resolve("bridle-runtime.jar").toFile())) {
            entries = zip.stream().map(ZipEntry::getName).toList();
        }
        assertThat(entries).contains("dev/bridle/runtime/BridleRuntime.class", "dev/bridle/engine/StepPolicy.class",
                "dev/bridle/policy/harness.schema.json", "dev/bridle/export/Bundle.class");
        assertThat(entries).noneMatch(e -> e.startsWith("javafx/") || e.startsWith("com/sun/javafx/")
                || e.startsWith("dev/bridle/app/") || e.startsWith("dev/bridle/cli/")
                || e.startsWith("dev/bridle/store/") || e.startsWith("dev/bridle/scenario/")
                || e.startsWith("dev/bridle/gateway/") || e.startsWith("dev/bridle/watch/")
                || e.startsWith("org/slf4j/") || e.startsWith("picocli/") || e.startsWith("db/")
                || e.equals("simplelogger.properties"));
    }

    @Test
    void theRuntimesDependencyTreeHasNoJavaFxCliStoreOrLoggingBackend() {
        List<String> jars = classPath.stream().map(p -> p.getFileName().toString()).toList();
        assertThat(jars).as("the runtime pom's resolved tree").contains("jackson-databind-" + jacksonOf(jars),
                "cel-0.11.1.jar");
        for (String forbidden : FORBIDDEN_JARS) {
            assertThat(jars).as("the runtime pom's resolved tree").noneMatch(j -> j.startsWith(forbidden));
        }
    }

    @Test
    void everyClassTheRuntimeUsesIsOnItsDependencyTree() {
        // jdeps reads the byte code: a package of the runtime that reached for the store or the CLI, or a library
        // missing from the pom, is a missing dependency here long before an embedding program meets it at run time.
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = jdeps.run(print, print, "--multi-release", "25", "--missing-deps", "-cp", joined(classPath),
                target.resolve("bridle-runtime.jar").toString());
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(report).isZero();
        assertThat(report).as("classes the runtime names that nothing on its tree provides").isBlank();
    }

    @Test
    void aProgramWithOnlyTheRuntimeOnItsClassPathEnforcesAHarness() throws Exception {
        Path harness = Files.writeString(dir.resolve("fenced.harness.yaml"), """
                bridle: 1
                name: fenced
                agents:
                  coder: { system: You code., tools: [fs.read] }
                workflow:
                  start: code
                  nodes:
                    code: { agent: coder, next: done }
                    done: { end: completed }
                guards:
                  - { id: budget, steps: { max: 5 } }
                permissions:
                  default: deny
                  rules:
                    - { id: read-src, allow: fs.read, paths: ["src/**"] }
                """);
        Path program = Files.writeString(dir.resolve("Embed.java"), """
                import dev.bridle.policy.HarnessReader;
                import dev.bridle.runtime.BridleRuntime;
                import dev.bridle.runtime.Session;
                import java.nio.file.Path;

                public class Embed {
                    public static void main(String[] args) throws Exception {
                        BridleRuntime runtime = BridleRuntime.of(HarnessReader.read(Path.of(args[0])).harness());
                        try (Session session = runtime.session("coder")) {
                            System.out.println(session.beforeToolCall("fs.read", "{\\"path\\":\\"src/A.java\\"}"));
                            System.out.println(session.beforeToolCall("fs.read", "{\\"path\\":\\"secrets/key\\"}"));
                        }
                    }
                }
                """);
        List<Path> cp = new ArrayList<>(classPath);
        cp.addFirst(target.resolve("bridle-runtime.jar"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", joined(cp), program.toString(), harness.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().filter(l -> !l.startsWith("SLF4J")).toList()).as(out)
                .hasSize(2)
                .satisfies(l -> assertThat(l.get(0)).startsWith("Allow[rule=read-src"))
                .satisfies(l -> assertThat(l.get(1)).startsWith("Deny[rule=default"));
    }

    private static String jacksonOf(List<String> jars) {
        return jars.stream().filter(j -> j.startsWith("jackson-databind-")).findFirst()
                .map(j -> j.substring("jackson-databind-".length())).orElse("(none)");
    }

    private static String joined(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
    }

    /** The pom's dependency tree as Maven resolves it for a consumer: the same Maven and local repository as the build. */
    private static List<Path> resolve(Path pom) throws IOException, InterruptedException {
        Path out = Files.createTempFile("bridle-runtime", ".classpath");
        String mavenHome = System.getProperty("maven.home");
        String mvn = mavenHome == null ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString();
        List<String> command = new ArrayList<>(List.of(mvn, "-B", "-q", "-o", "-f", pom.toString(),
                // the build used this version, so it is in the local repository, and no network is needed
                "org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath",
                "-Dmdep.outputFile=" + out));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("Maven could not resolve " + pom + ":\n" + log);
        }
        String text = Files.readString(out).strip();
        Files.delete(out);
        return Arrays.stream(text.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }
}
