package dev.bridle.cli;

import dev.bridle.export.Bundle;
import dev.bridle.export.BundleException;
import dev.bridle.export.SigningKeys;
import dev.bridle.gateway.Gateway;
import dev.bridle.gateway.GatewayConfig;
import dev.bridle.gateway.GatewayConfig.Limits;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.scenario.ScenarioRunner;
import dev.bridle.store.RunStore;
import dev.bridle.store.StoreException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bridle gateway}: a model-API proxy that enforces a harness on any agent and records its sessions. */
@Command(
        name = "gateway",
        description = "Serve a model API (OpenAI chat and Responses, Anthropic Messages, Ollama chat) that enforces"
                + " a harness on every request and records each session as a run. Point an agent's base URL at it."
                + " Runs until stopped (Ctrl-C).")
final class GatewayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Source source;

    /** Where the harness comes from: a harness file or an exported bundle. */
    static final class Source {
        @Option(names = "--harness", paramLabel = "FILE", description = "A harness file (NAME.harness.yaml).")
        Path harness;

        @Option(names = "--bundle", paramLabel = "DIR", description = "An exported bundle (bridle export).")
        Path bundle;
    }

    @Option(names = "--key", paramLabel = "PUB.pem",
            description = "With --bundle: the Ed25519 public key the bundle must be signed with.")
    Path key;

    @Option(names = "--upstream", required = true, paramLabel = "URL",
            description = "The model server: https://api.openai.com, https://api.anthropic.com,"
                    + " http://localhost:11434, …")
    URI upstream;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8787",
            description = "Where to listen (default: ${DEFAULT-VALUE}); any address but loopback needs --token.")
    String listen;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:BRIDLE_GATEWAY_TOKEN}",
            description = "The bearer token clients must send (default: the BRIDLE_GATEWAY_TOKEN environment"
                    + " variable).")
    String token;

    @Option(names = "--approver-token", paramLabel = "TOKEN", defaultValue = "${env:BRIDLE_APPROVER_TOKEN}",
            description = "The bearer token that answers approvals at /bridle/approvals (bridle approve sends it);"
                    + " nothing else does, and the client token cannot (default: the BRIDLE_APPROVER_TOKEN"
                    + " environment variable). Without it, approvals are answered only in the workbench.")
    String approverToken;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "A session with no request for this long is stopped by rule gateway.idle and forgotten"
                    + " (default: ${DEFAULT-VALUE}; 90s, 30m, 2h).")
    String idleTimeout;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "10000",
            description = "The most sessions held at once; a new one beyond it gets 429 (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--upstream-timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "The longest the model server may stay silent, before its answer or within it; then the"
                    + " request fails with 502 or its stream ends with an error (default: ${DEFAULT-VALUE}).")
    String upstreamTimeout;

    @Option(names = "--session-wait", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long a request waits while another request of its session is served; then 409"
                    + " (default: ${DEFAULT-VALUE}).")
    String sessionWait;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve HTTPS with this PEM certificate chain (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The PEM private key (PKCS#8, BEGIN PRIVATE KEY) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--upstream-key-env", paramLabel = "NAME",
            description = "The environment variable that holds the model server's key, for clients that send none"
                    + " (OPENAI_API_KEY, ANTHROPIC_API_KEY). The key is never stored or logged.")
    String upstreamKeyEnv;

    @Option(names = "--max-request-bytes", paramLabel = "N", defaultValue = "16777216",
            description = "The largest request body (default: ${DEFAULT-VALUE}); a larger one gets 413.")
    long maxRequestBytes;

    @Option(names = "--webhook", paramLabel = "URL", description = "A URL that gets every approval question.")
    URI webhook;

    @Mixin
    StoreOption store;

    /** Released by tests and by the shutdown hook; the command waits on it. */
    final CountDownLatch stop = new CountDownLatch(1);

    /** Released once the sessions are recorded and the store is closed; the shutdown hook waits for it. */
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Harness harness;
        String digest;
        try {
            if (source.harness != null) {
                HarnessReader.Loaded h = HarnessReader.read(source.harness);
                h.warnings().forEach(p -> err.println(p.render()));
                harness = h.harness();
                digest = ScenarioRunner.digest(h.source().text());
            } else {
                Optional<PublicKey> pub = key == null ? Optional.empty() : Optional.of(SigningKeys.readPublic(key));
                Bundle.Verified v = Bundle.verify(source.bundle, pub);
                harness = v.harness();
                digest = v.manifest().digest();
            }
        } catch (DocumentException e) {
            e.problems().forEach(p -> err.println(p.render()));
            return ExitCodes.BAD_INPUT;
        } catch (BundleException e) {
            err.println(e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        int colon = listen.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            err.println("bridle: --listen must be HOST:PORT, as 127.0.0.1:8787, not '" + listen + "'");
            return ExitCodes.BAD_INPUT;
        }
        String host = colon <= 0 ? "127.0.0.1" : listen.substring(0, colon);
        Optional<String> key = Optional.empty();
        if (upstreamKeyEnv != null) {
            String value = System.getenv(upstreamKeyEnv);
            if (value == null || value.isBlank()) {
                err.println("bridle: --upstream-key-env names " + upstreamKeyEnv + ", which is not set");
                return ExitCodes.BAD_INPUT;
            }
            // A key read from a file with CRLF endings would be refused by the HTTP client with the key in its
            // message: the end is trimmed, and any control character left is refused here, without echoing the key.
            value = value.strip();
            if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                err.println("bridle: the key in " + upstreamKeyEnv + " holds a control character (a line break?);"
                        + " it cannot be sent in an HTTP header");
                return ExitCodes.BAD_INPUT;
            }
            key = Optional.of(value);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            err.println("bridle: --tls-cert and --tls-key go together: give both, or neither for plain HTTP");
            return ExitCodes.BAD_INPUT;
        }
        GatewayConfig config;
        try {
            Limits limits = new Limits(duration("--idle-timeout", idleTimeout), maxSessions,
                    duration("--upstream-timeout", upstreamTimeout), duration("--session-wait", sessionWait));
            config = new GatewayConfig(harness, digest, upstream, host, port, present(token), present(approverToken),
                    key, maxRequestBytes, Optional.empty(), Optional.ofNullable(webhook), limits,
                    tlsCert == null ? Optional.empty() : Optional.of(new GatewayConfig.Tls(tlsCert, tlsKey)),
                    Clock.systemUTC());
            // A certificate or key that cannot serve is bad input, told before anything listens.
            config.tls().ifPresent(GatewayConfig.Tls::load);
        } catch (IllegalArgumentException e) {
            err.println("bridle: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        RunStore runs;
        try {
            runs = RunStore.open(store.url());
        } catch (StoreException e) {
            err.println("bridle: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        try (runs; Gateway gateway = Gateway.start(config.withStore(runs))) {
            // Ctrl-C or SIGTERM: the JVM halts once its hooks end, so the hook waits until the runs are stored.
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    closed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bridle-gateway-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("bridle gateway: harness '" + harness.name() + "' on " + gateway.baseUrl() + " in front of "
                    + upstream + "; sessions are recorded in " + runs.url());
            out.println("  OpenAI:    base URL " + gateway.baseUrl() + "/v1");
            out.println("  Anthropic: ANTHROPIC_BASE_URL=" + gateway.baseUrl());
            out.println("  Ollama:    " + gateway.baseUrl() + " (/api/chat)");
            out.println(config.approverToken().isPresent()
                    ? "  Approvals: bridle approve SESSION --gateway " + gateway.baseUrl() + " (with the approver token)"
                    : "  Approvals: off over HTTP (set --approver-token or BRIDLE_APPROVER_TOKEN for bridle approve)");
            out.println("  Limits:    " + maxSessions + " sessions, idle " + idleTimeout + ", upstream silence "
                    + upstreamTimeout);
            out.flush();
            stop.await();
            out.println("bridle gateway: stopping; " + gateway.sessions().size() + " sessions recorded");
            out.flush();
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        } catch (RuntimeException e) {
            err.println("bridle gateway: " + e.getMessage());
            return ExitCodes.FAILED;
        } finally {
            closed.countDown();
        }
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** {@code 250ms}, {@code 90s}, {@code 30m}, {@code 2h}; a bare number is seconds. */
    static Duration duration(String option, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.replaceAll("[smh]$", ""));
            return switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(option + " must be a duration such as 250ms, 90s, 30m or 2h, not '"
                    + text + "'");
        }
    }
}
