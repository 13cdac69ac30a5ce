package dev.bridle.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.bridle.access.HostCheck;
import dev.bridle.access.PathScope;
import dev.bridle.engine.PermissionGate;
import dev.bridle.engine.ToolGate;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import dev.bridle.policy.HarnessReader;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.tool.BuiltInTools;
import dev.bridle.tool.HttpGet;
import dev.bridle.tool.ToolResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * http.get as an attacker uses it, through the real path (the run's permission gate, then the registered built-in
 * tool), against real servers on 127.0.0.1. A canary server serves the random content of a canary file that lies
 * outside the workspace; no rule names its port literally, so an escape is any request it answers. The verdict is 0
 * escapes: the canary server is never hit, its content is in no result and no event, and nothing outside the
 * workspace changes.
 */
class HttpAttackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT = "assistant";

    @TempDir
    Path root;

    private Path workspace;
    private String canary;
    private Map<String, String> outsideBefore;
    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final AtomicInteger canaryHits = new AtomicInteger();
    private final AtomicInteger docsHits = new AtomicInteger();
    private final List<String> seen = new ArrayList<>();
    private int canaryPort;
    private int docsPort;
    private int otherPort;
    private PermissionGate gate;
    private BuiltInTools tools;

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(root.resolve("workspace"));
        Files.writeString(workspace.resolve("index.md"), "# Docs");
        Path outside = Files.createDirectories(root.resolve("outside"));
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        canary = "canary-" + HexFormat.of().formatHex(random);
        Path canaryFile = Files.writeString(outside.resolve("canary.txt"), canary);

        canaryPort = serve(server -> server.createContext("/", exchange -> {
            canaryHits.incrementAndGet();
            answer(exchange, 200, Files.readString(canaryFile), null);
        }));
        otherPort = serve(server -> server.createContext("/", exchange -> answer(exchange, 200, "other", null)));
        String toCanary = "http://127.0.0.1:" + canaryPort + "/secret";
        docsPort = serve(server -> {
            server.createContext("/page", exchange -> answer(exchange, 200, "the docs page", null));
            server.createContext("/again", exchange -> answer(exchange, 302, "", "/page"));
            server.createContext("/to-canary-port", exchange -> answer(exchange, 302, "", toCanary));
            server.createContext("/to-canary-encoded", exchange -> answer(exchange, 307, "",
                    "http://0x7f.1:" + canaryPort + "/"));
            server.createContext("/to-canary-v6", exchange -> answer(exchange, 308, "",
                    "http://[::ffff:127.0.0.1]:" + canaryPort + "/"));
            server.createContext("/to-canary-name", exchange -> answer(exchange, 302, "",
                    "http://localhost:" + canaryPort + "/"));
            server.createContext("/to-other-port", exchange -> answer(exchange, 302, "",
                    "http://127.0.0.1:" + otherPort + "/"));
            server.createContext("/to-other-host", exchange -> answer(exchange, 302, "",
                    "http://localhost:" + docsPort + "/page"));
            server.createContext("/to-file", exchange -> answer(exchange, 302, "", canaryFile.toUri().toString()));
            server.createContext("/to-userinfo", exchange -> answer(exchange, 302, "",
                    "http://127.0.0.1:" + docsPort + "@127.0.0.1:" + canaryPort + "/"));
            server.createContext("/loop", exchange -> answer(exchange, 302, "", "/loop"));
            server.createContext("/huge", this::huge);
            server.createContext("/slow", this::slow);
        });
        outsideBefore = snapshotOutsideWorkspace();

        String harness = """
                bridle: 1
                name: http-attack
                agents:
                  assistant: { system: You fetch docs., tools: [http.get] }
                workflow:
                  start: go
                  nodes:
                    go: { agent: assistant, next: done }
                    done: { end: completed }
                permissions:
                  default: deny
                  rules:
                    - { id: docs, allow: http.get, hosts: ["127.0.0.1:%d"] }
                    - { id: wide, allow: http.get, hosts: ["**", "**:%d", "*.*.*.*:%d"] }
                """.formatted(docsPort, canaryPort, canaryPort);
        gate = PermissionGate.of(HarnessReader.parse("http-attack.harness.yaml", harness).harness(),
                Optional.of(PathScope.of(workspace)));
        // The check asks the stand-in DNS directly, not through the JDK's address cache, so that the connection's own
        // lookup is not answered by that cache either: only the pin stands between a rebinding name and loopback.
        tools = BuiltInTools.files(PathScope.of(workspace), gate.rules())
                .withHttp(HostCheck.of(FakeDns::lookUp), new HttpGet.Limits(64 * 1024, Duration.ofSeconds(3), 5));
    }

    @AfterEach
    void noEscapes() throws IOException {
        try {
            assertThat(canaryHits).as("requests that reached the canary server").hasValue(0);
            assertThat(String.join("\n", seen)).doesNotContain(canary);
            assertThat(snapshotOutsideWorkspace()).isEqualTo(outsideBefore);
        } finally {
            servers.forEach(s -> s.stop(0));
            handlers.shutdownNow();
        }
    }

    // ---- the attacks ----

    @Test
    void aRuleNamingTheLocalHostAndPortFetchesFromIt() {
        ToolResult result = attempt("http://127.0.0.1:" + docsPort + "/page");
        assertThat(result).isEqualTo(ToolResult.ok("HTTP 200\nthe docs page"));
        assertThat(docsHits).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "0x7f.0.0.1", "0x7f000001", "2130706433", "0177.0.0.1", "127.0.0.1.",
        "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]", "0.0.0.0", "0", "[::]", "localhost",
        "LocalHost.", "127.0.0.2"})
    void everyEncodingOfLoopbackIsRefusedEvenWhenAGlobAllowsThePort(String host) {
        String url = "http://" + host + ":" + canaryPort + "/secret";
        ToolGate.Decision decision = gate.check(AGENT, call(url));
        // An address literal is refused at the gate already (as for every tool that fetches); a name that resolves
        // to loopback passes the gate and is refused by http.get where it resolves.
        if (decision.effect() == Effect.DENY) {
            assertThat(decision.rule()).isEqualTo("http-address");
        }
        ToolResult result = attempt(url);
        assertThat(result.ok()).isFalse();
        assertThat(result.output()).satisfiesAnyOf(
                out -> assertThat(out).startsWith("http.get: refused by rule 'http-address': ")
                        .contains("only an allow rule naming"),
                out -> assertThat(out).startsWith("denied by rule 'http-address': "));
        // http.get refuses it on its own too, as if the gate had let it through.
        ToolResult direct = tools.call(AGENT, call(url));
        seen.add(direct.output());
        assertThat(direct.ok()).isFalse();
        assertThat(direct.output()).startsWith("http.get: refused by rule 'http-address': ");
    }

    @Test
    void aNonDefaultPortNoRuleNamesIsDeniedAtTheGate() {
        ToolGate.Decision decision = gate.check(AGENT, call("http://127.0.0.1:" + otherPort + "/"));
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.rule()).isEqualTo("default");
        assertThat(decision.resource()).isEqualTo("http.get 127.0.0.1:" + otherPort);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user@127.0.0.1:%1$d/page", "http://127.0.0.1:%1$d@127.0.0.1:%2$d/",
        "http://a:b@localhost:%2$d/"})
    void userInfoIsRefusedAtTheGateAndByTheTool(String pattern) {
        String url = pattern.formatted(docsPort, canaryPort);
        ToolGate.Decision decision = gate.check(AGENT, call(url));
        seen.add(decision.toString());
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.rule()).isEqualTo("host-name");
        ToolResult direct = tools.call(AGENT, call(url));
        seen.add(direct.output());
        assertThat(direct.output()).startsWith("http.get: refused by rule 'http-url': URLs with user information");
        assertThat(docsHits).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:%s", "ftp://127.0.0.1:%d/", "jar:file:%s!/x", "gopher://127.0.0.1:%d/",
        "HTTP+unix://127.0.0.1/"})
    void otherSchemesAreRefused(String pattern) {
        String url = pattern.contains("%s")
                ? pattern.formatted(root.resolve("outside/canary.txt").toUri().getPath())
                : pattern.formatted(canaryPort);
        ToolGate.Decision decision = gate.check(AGENT, call(url));
        seen.add(decision.toString());
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        ToolResult direct = tools.call(AGENT, call(url));
        seen.add(direct.output());
        assertThat(direct.output()).startsWith("http.get: refused by rule 'http-url': ");
    }

    @Test
    void aRedirectOnTheAllowedHostIsFollowedAndNamesItsRule() {
        assertThat(attempt("http://127.0.0.1:" + docsPort + "/again").output()).isEqualTo("redirect 302 to http://"
                + "127.0.0.1:" + docsPort + "/page allowed by rule 'docs'\nHTTP 200\nthe docs page");
    }

    @Test
    void aRedirectToAnotherPortNeedsARuleForThatPort() {
        assertThat(attempt("http://127.0.0.1:" + docsPort + "/to-other-port").output()).isEqualTo(
                "http.get: refused by rule 'default': redirect 302 to 127.0.0.1:" + otherPort + " (http://127.0.0.1:"
                        + otherPort + "/): the rule denies it");
    }

    @Test
    void aRedirectToAnotherHostNeedsARuleForThatHost() {
        assertThat(attempt("http://127.0.0.1:" + docsPort + "/to-other-host").output())
                .contains("refused by rule 'default': redirect 302 to localhost:" + docsPort);
        assertThat(docsHits).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/to-canary-port", "/to-canary-encoded", "/to-canary-v6", "/to-canary-name"})
    void aRedirectToLoopbackThatOnlyAGlobAllowsIsRefused(String path) {
        ToolResult result = attempt("http://127.0.0.1:" + docsPort + path);
        assertThat(result.output()).contains("allowed by rule 'wide'")
                .contains("refused by rule 'http-address'");
    }

    @Test
    void aRedirectToAFileOrWithUserInfoIsRefused() {
        assertThat(attempt("http://127.0.0.1:" + docsPort + "/to-file").output())
                .contains("refused by rule 'http-url'").contains("only http and https");
        assertThat(attempt("http://127.0.0.1:" + docsPort + "/to-userinfo").output())
                .contains("refused by rule 'http-url'").contains("user information");
    }

    @Test
    void redirectsAreCapped() {
        assertThat(attempt("http://127.0.0.1:" + docsPort + "/loop").output())
                .endsWith("refused by rule 'http-redirect': more than 5 redirects");
        assertThat(docsHits).hasValue(6);
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefused() {
        String name = FakeDns.name("loop", n -> "127.0.0.1");
        ToolResult result = attempt("http://" + name + ":" + canaryPort + "/");
        assertThat(result.output()).isEqualTo("http.get: refused by rule 'http-address': " + name + ":" + canaryPort
                + " resolves to 127.0.0.1, which is loopback 127.0.0.0/8; only an allow rule naming \"" + name + ":"
                + canaryPort + "\" literally may reach it");
    }

    @Test
    void aNameThatRebindsToLoopbackAfterTheCheckIsNotFollowedThere() {
        // the first answer is public (TEST-NET-1, where nothing answers) and passes; every later one is loopback,
        // where the canary server listens on the port the URL names
        String name = FakeDns.name("rebind", n -> n == 1 ? "192.0.2.1" : "127.0.0.1");
        ToolResult result = attempt("http://" + name + ":" + canaryPort + "/");
        assertThat(result.ok()).isFalse();
        assertThat(FakeDns.lookups(name)).as("the check's lookup is the only one that reached DNS").isEqualTo(1);
    }

    @Test
    void aNameIsConnectedToAtTheAddressItWasCheckedAt() throws Exception {
        // no DNS server knows this name: the request can only reach the docs server through the pinned address
        String name = FakeDns.name("docs", n -> "127.0.0.1");
        PermissionGate named = gateWith("{ id: named, allow: http.get, hosts: [\"" + name + ":" + docsPort + "\"] }");
        BuiltInTools namedTools = BuiltInTools.files(PathScope.of(workspace), named.rules())
                .withHttp(HostCheck.of(FakeDns::lookUp), new HttpGet.Limits(64 * 1024, Duration.ofSeconds(3), 5));
        ToolCall call = call("http://" + name + ":" + docsPort + "/page");
        assertThat(named.check(AGENT, call).effect()).isEqualTo(Effect.ALLOW);
        ToolResult result = namedTools.call(AGENT, call);
        seen.add(result.output());
        assertThat(result).isEqualTo(ToolResult.ok("HTTP 200\nthe docs page"));
        assertThat(FakeDns.lookups(name)).isEqualTo(1);
    }

    @Test
    void anHttpsNameIsReachedAtItsPinnedAddressWithItsCertificateCheckedAndMayNotRedirectToHttp() throws Exception {
        Path inputs = Files.createDirectories(root.resolve("inputs"));
        Path keys = inputs.resolve("secure.p12");
        char[] password = "changeit".toCharArray();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "secure", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=secure.test", "-ext", "SAN=dns:secure.test", "-validity", "2",
                "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keys)) {
            store.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, password);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        https.setExecutor(handlers);
        https.createContext("/page", exchange -> answer(exchange, 200, "the secure page", null));
        https.createContext("/down", exchange -> answer(exchange, 302, "",
                "http://127.0.0.1:" + docsPort + "/page"));
        https.start();
        servers.add(https);
        int port = https.getAddress().getPort();

        // no DNS server knows secure.test: only the pin can take the connection to 127.0.0.1
        String name = FakeDns.fixedName("secure.test", n -> "127.0.0.1");
        PermissionGate named = gateWith("{ id: secure, allow: http.get, hosts: [\"" + name + ":" + port + "\", \""
                + "127.0.0.1:" + docsPort + "\"] }");
        BuiltInTools tls = BuiltInTools.files(PathScope.of(workspace), named.rules()).withHttp(
                HostCheck.of(FakeDns::lookUp), new HttpGet.Limits(64 * 1024, Duration.ofSeconds(3), 5), clientTls);
        ToolResult page = tls.call(AGENT, call("https://" + name + ":" + port + "/page"));
        ToolResult down = tls.call(AGENT, call("https://" + name + ":" + port + "/down"));
        ToolResult byAddress = tls.call(AGENT, call("https://127.0.0.1:" + port + "/page"));
        seen.addAll(List.of(page.output(), down.output(), byAddress.output()));

        assertThat(page).isEqualTo(ToolResult.ok("HTTP 200\nthe secure page"));
        assertThat(down.output()).isEqualTo("http.get: refused by rule 'http-redirect': redirect 302 from https to"
                + " http://127.0.0.1:" + docsPort + "/page would drop TLS");
        assertThat(byAddress.ok()).as("the certificate names secure.test, not 127.0.0.1").isFalse();
        assertThat(docsHits).hasValue(0);
    }

    @Test
    void aHugeBodyIsCutOffAtTheCap() {
        ToolResult result = attempt("http://127.0.0.1:" + docsPort + "/huge");
        assertThat(result.output()).isEqualTo(
                "http.get: refused by rule 'http-limits': the body is larger than the cap of 65536 bytes");
    }

    @Test
    void aSlowBodyDoesNotHoldTheCallPastItsTimeLimit() {
        long start = System.nanoTime();
        ToolResult result = attempt("http://127.0.0.1:" + docsPort + "/slow");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(result.output())
                .isEqualTo("http.get: refused by rule 'http-limits': no complete answer within 3 s");
        assertThat(took).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aScenarioRunFetchesWhatARuleNamesAndNothingElse() throws Exception {
        Path inputs = Files.createDirectories(root.resolve("inputs"));
        Files.writeString(inputs.resolve("fetch.harness.yaml"), """
                bridle: 1
                name: fetcher
                agents:
                  assistant: { system: You fetch docs., tools: [http.get] }
                workflow:
                  start: go
                  nodes:
                    go: { agent: assistant, next: done }
                    done: { end: completed }
                permissions:
                  default: deny
                  rules:
                    - { id: docs, allow: http.get, hosts: ["127.0.0.1:%d"] }
                    - { id: wide, allow: http.get, hosts: ["**:%d"] }
                """.formatted(docsPort, canaryPort));
        Path scenario = Files.writeString(inputs.resolve("fetch.scenario.yaml"), """
                bridle: 1
                harness: fetch.harness.yaml
                task: Fetch the docs.
                workspace:
                  files:
                    docs/index.md: "# Docs"
                model:
                  turns:
                    - calls: [{ tool: http.get, args: { url: "http://127.0.0.1:%1$d/page" } }]
                    - calls: [{ tool: http.get, args: { url: "http://127.0.0.1:%2$d/secret" } }]
                    - calls: [{ tool: http.get, args: { url: "http://2130706433:%2$d/secret" } }]
                    - calls: [{ tool: http.get, args: { url: "http://127.0.0.1:%1$d/to-canary-port" } }]
                    - calls: [{ tool: http.get, args: { url: "http://127.0.0.1:%3$d/" } }]
                    - say: Done.
                expect:
                  outcome: completed
                  allowed: ["127.0.0.1:%1$d"]
                  denied: ["127.0.0.1:%3$d"]
                """.formatted(docsPort, canaryPort, otherPort));
        ScenarioRunner runner = new ScenarioRunner(Optional.empty(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                () -> "run-1");
        ScenarioRunner.Report report = runner.run(scenario, e -> { });
        String events = report.events().toString();
        seen.add(events);
        assertThat(report.mismatches()).isEmpty();
        assertThat(events).contains("HTTP 200\nthe docs page");
        assertThat(events).contains("refused by rule 'http-address'");
        assertThat(docsHits).hasValue(2);
    }

    // ---- the machinery ----

    private PermissionGate gateWith(String rule) throws Exception {
        String harness = """
                bridle: 1
                name: http-attack-named
                agents:
                  assistant: { system: You fetch docs., tools: [http.get] }
                workflow:
                  start: go
                  nodes:
                    go: { agent: assistant, next: done }
                    done: { end: completed }
                permissions:
                  default: deny
                  rules:
                    - %s
                """.formatted(rule);
        return PermissionGate.of(HarnessReader.parse("named.harness.yaml", harness).harness(),
                Optional.of(PathScope.of(workspace)));
    }

    /** The real path: the permission gate, then the registered built-in tool when the gate allows. */
    private ToolResult attempt(String url) {
        ToolCall call = call(url);
        ToolGate.Decision decision = gate.check(AGENT, call);
        seen.add(decision.toString());
        ToolResult result = decision.effect() == Effect.ALLOW
                ? tools.call(AGENT, call)
                : ToolResult.error("denied by rule '" + decision.rule() + "': " + decision.resource());
        seen.add(result.output());
        return result;
    }

    private static ToolCall call(String url) {
        try {
            return new ToolCall("http.get", JSON.writeValueAsString(Map.of("url", url)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Routes {
        void add(HttpServer server);
    }

    private int serve(Routes routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0), 0);
        server.setExecutor(handlers);
        routes.add(server);
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange, int status, String body, String location) throws IOException {
        if (exchange.getLocalAddress().getPort() == docsPort) {
            docsHits.incrementAndGet();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** 64 MiB in chunks, stopping as soon as the client goes away. */
    private void huge(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 1024; i++) {
                out.write(block);
            }
        } catch (IOException clientGone) {
            // the cap cut the download: what this test wants
        }
    }

    /** One byte every 100 ms for at most 30 seconds, stopping as soon as the client goes away. */
    private void slow(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 300; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException clientGone) {
            // the time limit cut the download: what this test wants
        }
    }

    /** Every file outside the workspace, by path, with its content; the test's own scenario inputs aside. */
    private Map<String, String> snapshotOutsideWorkspace() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.startsWith(workspace) || p.startsWith(root.resolve("inputs"))) {
                    continue;
                }
                files.put(root.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
            }
        }
        return files;
    }
}
