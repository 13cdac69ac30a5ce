package dev.bridle.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples in {@code examples/} run for real: each agent (the OpenAI Agents SDK for TypeScript, LangGraph.js) is
 * installed with npm and pointed at {@code java -jar target/bridle.jar gateway}, which runs the sample coding-agent
 * harness in front of the fake upstream; the model reads the same file again and again, and the gateway's loop guard
 * stops the agent with a final message naming the rule, and the session is a run in the store. Skipped, with the
 * reason, when {@code node} and {@code npm} are not on the PATH. Runs after {@code package} (failsafe).
 */
class GatewayExamplesIT {

    private static final Path PROJECT = Path.of(System.getProperty("bridle.basedir", ".")).toAbsolutePath();
    private static final Path JAR = Path.of(System.getProperty("bridle.target", "target"), "bridle.jar")
            .toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theOpenAiAgentsSdkExampleIsStoppedByTheLoopGuard() throws Exception {
        runExample("gateway-openai-agents", "openai-agents-it");
    }

    @Test
    void theLangGraphExampleIsStoppedByTheLoopGuard() throws Exception {
        runExample("gateway-langgraph", "langgraph-it");
    }

    private void runExample(String name, String session) throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are not on the PATH: the examples cannot run"
                + " (.ci/run installs nodejs and npm)");
        Path example = PROJECT.resolve("examples").resolve(name);
        if (!Files.isDirectory(example.resolve("node_modules"))) {
            Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), example, Map.of(), 600);
            assertThat(ci.code()).as("npm ci in %s (the registry must be reachable):\n%s", example, ci.out()).isZero();
        }
        String db = "jdbc:h2:file:" + dir.resolve("runs") + ";AUTO_SERVER=TRUE";
        try (FakeUpstream upstream = new FakeUpstream(
                FakeUpstream.call("read_file", "{\"file_path\":\"src/Calculator.java\"}"))) {
            Process gateway = new ProcessBuilder(javaBin(), "--sun-misc-unsafe-memory-access=allow", "-jar",
                    JAR.toString(), "gateway", "--harness", "sample-policies/coding-agent.harness.yaml",
                    "--upstream", upstream.url().toString(), "--listen", "127.0.0.1:0", "--db", db)
                    .directory(PROJECT.toFile()).redirectError(dir.resolve("gateway.err").toFile()).start();
            String runId;
            try {
                gateway.getOutputStream().close();
                BufferedReader lines = new BufferedReader(
                        new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
                String first = lines.readLine();
                assertThat(first).as("the gateway's first line").isNotNull().startsWith("bridle gateway: harness");
                Thread.ofPlatform().daemon().start(() -> drain(lines));
                Matcher url = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+) ").matcher(first);
                assertThat(url.find()).as(first).isTrue();

                Result agent = run(List.of("npm", "start", "--silent"), example, Map.of(
                        "BRIDLE_GATEWAY_URL", url.group(1), "BRIDLE_SESSION", session, "BRIDLE_MODEL", "fake-model",
                        "OPENAI_API_KEY", "sk-test"), 300);
                assertThat(agent.code()).as(agent.out()).isZero();
                assertThat(agent.out()).as("the agent's final output").contains("stopped by guard 'loop'");
                assertThat(upstream.requests).as("the model was asked three times, then the gateway stopped it")
                        .hasSize(3);

                HttpResponse<String> sessions = Http.get(java.net.URI.create(url.group(1) + "/bridle/sessions"),
                        List.of());
                JsonNode mine = null;
                for (JsonNode s : Json.MAPPER.readTree(sessions.body())) {
                    if (s.path("id").asText().equals(session)) {
                        mine = s;
                    }
                }
                assertThat(mine).as(sessions.body()).isNotNull();
                runId = mine.path("run").asText();
            } finally {
                gateway.destroy();
                if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            }
            try (RunStore store = RunStore.open(db)) {
                RunSummary run = store.run(runId).orElseThrow();
                assertThat(run.harness()).isEqualTo("coding-agent");
                assertThat(run.rule()).isEqualTo("loop");
                assertThat(store.events(runId)).isNotEmpty();
            }
        }
    }

    private record Result(int code, String out) {}

    private static Result run(List<String> command, Path in, Map<String, String> env, int seconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        // A thread of its own: the common pool has one worker on two cores, which the gateway's drain may hold.
        CompletableFuture<String> out = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> out.complete(read(p.getInputStream())));
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " still running after " + seconds + " s:\n" + out.getNow(""));
        }
        return new Result(p.exitValue(), out.join());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void drain(BufferedReader lines) {
        try {
            while (lines.readLine() != null) {
                // the gateway's later lines are not the test's business; the pipe must not fill up
            }
        } catch (IOException e) {
            // the gateway has stopped
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        List<Path> dirs = new ArrayList<>();
        for (String d : path.split(java.io.File.pathSeparator)) {
            dirs.add(Path.of(d));
        }
        return dirs.stream().anyMatch(d -> Files.isExecutable(d.resolve(program)));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
