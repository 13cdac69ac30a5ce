package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.event.RunEvent;
import dev.bridle.gateway.FakeUpstream;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/bridle.jar gateway …} as a process in front of the fake upstream: a looping agent is stopped,
 * the session is in the store after the gateway stops, and the upstream key from the environment reaches the model
 * server but neither the store nor the program's output.
 */
class GatewayProgramIT {

    private static final String SECRET = "sk-it-secret-0123456789";

    private static final String HARNESS = """
            bridle: 1
            name: gateway-it
            agents:
              coder: { system: You fix the build., tools: [read_file] }
            tools:
              read_file: { reads: file_path }
            workflow:
              start: code
              nodes:
                code: { agent: coder, next: done }
                done: { end: completed }
            guards:
              - { id: loop, loop: { window: 6, repeats: 3 } }
            permissions:
              default: deny
              rules:
                - { id: read-src, allow: read_file, paths: ["src/**"] }
            """;

    @TempDir
    Path dir;

    @Test
    void theGatewayProgramStopsALoopingAgentAndRecordsItsSession() throws Exception {
        Path harness = dir.resolve("it.harness.yaml");
        Files.writeString(harness, HARNESS);
        String db = "jdbc:h2:file:" + dir.resolve("store/runs");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Program bridle = new Program(dir.resolve("home"), Program.project());
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.call("read_file", "{\"file_path\":\"src/A.java\"}"))) {
            Process p = bridle.start(bridle.jarCommand("gateway", "--harness", harness.toString(), "--upstream",
                    upstream.url().toString(), "--listen", "127.0.0.1:" + port, "--db", db, "--upstream-key-env",
                    "IT_UPSTREAM_KEY"), Map.of("IT_UPSTREAM_KEY", SECRET));
            p.getOutputStream().close();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            String banner = out.readLine();
            assertThat(banner).as(banner).startsWith("bridle gateway: harness 'gateway-it' on http://127.0.0.1:" + port);
            // Read the rest as it comes: destroying the process closes its streams.
            CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
                StringBuilder all = new StringBuilder();
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        all.append(line).append('\n');
                    }
                } catch (java.io.IOException e) {
                    all.append(e);
                }
                return all.toString();
            });

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String messages = "{\"role\":\"user\",\"content\":\"fix\"}";
            String last = "";
            for (int i = 0; i < 3; i++) {
                HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .header("Content-Type", "application/json").header("X-Bridle-Session", "it-1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[" + messages
                                + "]}")).build();
                last = client.send(r, HttpResponse.BodyHandlers.ofString()).body();
                messages += ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c" + i
                        + "\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":"
                        + "\"{\\\"file_path\\\":\\\"src/A.java\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c" + i
                        + "\",\"content\":\"class A {}\"}";
            }
            assertThat(last).contains("stopped by guard 'loop'");
            assertThat(upstream.headers.getFirst().getFirst("Authorization")).isEqualTo("Bearer " + SECRET);

            p.destroy(); // SIGTERM, as a service manager stops it
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String printed = banner + rest.get(10, TimeUnit.SECONDS) + err.get(10, TimeUnit.SECONDS);
            assertThat(printed).doesNotContain(SECRET);

            try (RunStore store = RunStore.open(db)) {
                List<RunSummary> runs = store.runs();
                assertThat(runs).singleElement().satisfies(run -> assertThat(run.harness()).isEqualTo("gateway-it"));
                String id = runs.getFirst().id();
                List<RunEvent> events = store.events(id);
                assertThat(events.getLast()).isInstanceOfSatisfying(RunEvent.RunEnded.class,
                        e -> assertThat(e.rule()).isEqualTo("loop"));
                StringWriter all = new StringWriter();
                store.exportRun(id, all);
                assertThat(all.toString()).doesNotContain(SECRET).contains("class A {}");
            }
        }
    }

    @Test
    void onlyTheApproverTokenAnswersAnApprovalThroughBridleApprove() throws Exception {
        Path harness = dir.resolve("ask.harness.yaml");
        Files.writeString(harness, HARNESS.replace("tools: [read_file]", "tools: [read_file, edit_file]")
                .replace("read_file: { reads: file_path }", "read_file: { reads: file_path }\n  edit_file: { writes:"
                        + " target_file }")
                + "    - { id: edit-src, ask: edit_file, paths: [\"src/**\"] }\n");
        String db = "jdbc:h2:file:" + dir.resolve("store/runs");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String gatewayUrl = "http://127.0.0.1:" + port;
        Program bridle = new Program(dir.resolve("home"), Program.project());
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.call("edit_file",
                "{\"target_file\":\"src/A.java\"}"))) {
            Process p = bridle.start(bridle.jarCommand("gateway", "--harness", harness.toString(), "--upstream",
                    upstream.url().toString(), "--listen", "127.0.0.1:" + port, "--db", db, "--token",
                    "client-it-token"), Map.of("BRIDLE_APPROVER_TOKEN", "approver-it-token"));
            // Both pipes are drained, each on a thread of its own (the common pool has one thread on two cores, and
            // the HTTP client's answers need it): a child that fills a pipe nobody reads blocks.
            StringBuffer logged = new StringBuffer();
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader e = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = e.readLine(); line != null; line = e.readLine()) {
                        logged.append(line).append('\n');
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            try {
                p.getOutputStream().close();
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                StringBuilder banner = new StringBuilder();
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    banner.append(line).append('\n');
                    if (line.startsWith("  Approvals:")) {
                        break;
                    }
                }
                assertThat(banner.toString()).contains("  Approvals: bridle approve SESSION");
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        out.transferTo(Writer.nullWriter());
                    } catch (IOException e) {
                        // the process ended
                    }
                });
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest chat = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/chat/completions"))
                        .header("Content-Type", "application/json").header("X-Bridle-Session", "ask-1")
                        .header("Authorization", "Bearer client-it-token")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":"
                                + "\"user\",\"content\":\"fix\"}]}")).build();
                CompletableFuture<HttpResponse<String>> held = client.sendAsync(chat,
                        HttpResponse.BodyHandlers.ofString());
                HttpRequest list = HttpRequest.newBuilder(URI.create(gatewayUrl + "/bridle/approvals"))
                        .header("Authorization", "Bearer approver-it-token").build();
                for (int i = 0; i < 200 && !client.send(list, HttpResponse.BodyHandlers.ofString()).body()
                        .contains("ask-1"); i++) {
                    Thread.sleep(50);
                }

                // The agent's own shell runs bridle approve with the client token: refused, the call still held.
                Program.Result self = bridle.run(bridle.jarCommand("approve", "ask-1", "--gateway", gatewayUrl,
                        "--approver-token", "client-it-token"), Map.of());
                assertThat(self.code()).as(self.toString()).isEqualTo(ExitCodes.BAD_INPUT);
                assertThat(self.err()).contains("the client token cannot answer approvals");
                assertThat(held).isNotDone();

                Program.Result human = bridle.run(bridle.jarCommand("approve", "ask-1", "--gateway", gatewayUrl,
                        "--by", "alice"), Map.of("BRIDLE_APPROVER_TOKEN", "approver-it-token"));
                assertThat(human.code()).as(human.toString()).isZero();
                assertThat(human.out()).contains("approved: ", "rule 'edit-src'");
                assertThat(held.get(30, TimeUnit.SECONDS).body()).as(logged.toString()).contains("edit_file");
            } finally {
                p.destroy();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
