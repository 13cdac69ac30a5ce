package dev.bridle.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The packaged program ({@code target/bridle.jar}, {@code target/bridle}) started as a separate process, as a user
 * starts it: real standard output and error, a real exit code. The child never sees the user's home: its {@code HOME},
 * {@code user.home} and data folders are in a temporary folder, and no {@code BRIDLE_*} variable is inherited.
 */
final class Program {

    /** What a child process did. */
    record Result(int code, String out, String err, Duration took) {

        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + code + " after " + took.toMillis() + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** How long a child may take before the test gives up on it. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final Path workDir;

    /** A program whose children live in {@code home} (their home folder) and start in {@code workDir}. */
    Program(Path home, Path workDir) {
        this.home = home;
        this.workDir = workDir;
    }

    /** {@code target}, where {@code mvn package} put the jar and the scripts. */
    static Path target() {
        return Path.of(System.getProperty("bridle.target", "target")).toAbsolutePath();
    }

    /** The project's folder (README.md, sample-policies). */
    static Path project() {
        return Path.of(System.getProperty("bridle.basedir", ".")).toAbsolutePath();
    }

    static Path jar() {
        return target().resolve("bridle.jar");
    }

    /** The JDK that runs the tests, which the build has checked is 25 or newer. */
    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    Path home() {
        return home;
    }

    /** {@code java -jar target/bridle.jar ARGS}. */
    Result jar(String... args) {
        return run(jarCommand(args), Map.of());
    }

    /** {@code target/bridle ARGS}, the wrapper script, with {@code JAVA_HOME} set. */
    Result wrapper(String... args) {
        List<String> command = new ArrayList<>(List.of(target().resolve("bridle").toString()));
        command.addAll(List.of(args));
        return run(command, Map.of("JAVA_HOME", javaHome().toString(), "BRIDLE_JAVA_OPTIONS",
                "-Duser.home=" + home));
    }

    /** Any command, with the isolated environment and {@code extra} variables (an empty value removes one). */
    Result run(List<String> command, Map<String, String> extra) {
        try {
            Process p = start(command, extra);
            p.getOutputStream().close();
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            long t0 = System.nanoTime();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("still running after " + TIMEOUT + ": " + command);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            return new Result(p.exitValue(), out.join(), err.join(), took);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code java -jar target/bridle.jar ARGS} with {@code input} on its standard input (a hook's JSON). */
    Result jarWithInput(String input, String... args) {
        try {
            Process p = start(jarCommand(args), Map.of());
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            long t0 = System.nanoTime();
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("still running after " + TIMEOUT + ": " + List.of(args));
            }
            return new Result(p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new AssertionError("cannot start " + List.of(args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A started child, for tests that read its output themselves. */
    Process start(List<String> command, Map<String, String> extra) throws IOException {
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("BRIDLE_") || k.equals("XDG_DATA_HOME") || k.equals("DISPLAY")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS"));
        env.put("HOME", home.toString());
        extra.forEach((k, v) -> {
            if (v.isEmpty()) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        return pb.start();
    }

    /** The java command of the tests' JDK with the jar's options, for {@link #start}. */
    List<String> jarCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(javaHome().resolve("bin/java").toString(),
                "-Duser.home=" + home, "--sun-misc-unsafe-memory-access=allow", "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static CompletableFuture<String> read(InputStream in) {
        // A thread of its own for each stream: a shared pool (one thread on two cores) could wait on stdout while the
        // child waits on a full stderr pipe.
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }, task -> Thread.ofPlatform().daemon().start(task));
    }
}
