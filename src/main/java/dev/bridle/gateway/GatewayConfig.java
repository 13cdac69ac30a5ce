package dev.bridle.gateway;

import dev.bridle.policy.Harness;
import dev.bridle.store.RunStore;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * How a gateway runs: the harness it enforces, the model server it forwards to, where it listens, and what it keeps.
 *
 * @param harnessDigest the harness's digest as the bundle names it, for the record (empty for a harness file)
 * @param upstream the model server's base URL ({@code https://api.openai.com}, {@code http://localhost:11434});
 *     a trailing {@code /v1} is allowed
 * @param host the address to listen on; anything but loopback needs a {@code token}
 * @param port the port; 0 picks a free one ({@link Gateway#port()} says which)
 * @param token the bearer token clients must send; required off loopback
 * @param upstreamKey the model server's key, when the clients do not send their own (never logged, never stored)
 * @param maxRequestBytes the largest request body; a larger one gets 413
 * @param store where sessions are recorded as runs; empty records nothing
 * @param webhook a URL that gets every approval question as JSON
 */
public record GatewayConfig(Harness harness, String harnessDigest, URI upstream, String host, int port,
        Optional<String> token, Optional<String> upstreamKey, long maxRequestBytes, Optional<RunStore> store,
        Optional<URI> webhook, Clock clock) {

    /** The default cap on a request body: 16 MiB, room for a long conversation with images. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L << 20;

    public GatewayConfig {
        Objects.requireNonNull(harness, "harness");
        Objects.requireNonNull(upstream, "upstream");
        harnessDigest = harnessDigest == null ? "" : harnessDigest;
        if (!"http".equals(upstream.getScheme()) && !"https".equals(upstream.getScheme())) {
            throw new IllegalArgumentException("--upstream must be an http or https URL: " + upstream);
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("--token must not be empty");
        }
        if (!loopback(host) && token.isEmpty()) {
            throw new IllegalArgumentException("listening on " + host + " (not loopback) needs --token: any machine"
                    + " that reaches it could otherwise use the model key and the harness's approvals");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("the request size cap must be at least 1024 bytes");
        }
    }

    /** A gateway on 127.0.0.1 with a free port, no token, no key, the default cap, no store, no webhook. */
    public static GatewayConfig of(Harness harness, URI upstream) {
        return new GatewayConfig(harness, "", upstream, "127.0.0.1", 0, Optional.empty(), Optional.empty(),
                DEFAULT_MAX_REQUEST_BYTES, Optional.empty(), Optional.empty(), Clock.systemUTC());
    }

    public GatewayConfig withStore(RunStore s) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, upstreamKey, maxRequestBytes,
                Optional.of(s), webhook, clock);
    }

    public GatewayConfig withListen(String h, int p) {
        return new GatewayConfig(harness, harnessDigest, upstream, h, p, token, upstreamKey, maxRequestBytes, store,
                webhook, clock);
    }

    public GatewayConfig withToken(String t) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, Optional.of(t), upstreamKey,
                maxRequestBytes, store, webhook, clock);
    }

    public GatewayConfig withUpstreamKey(String key) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, Optional.of(key),
                maxRequestBytes, store, webhook, clock);
    }

    public GatewayConfig withMaxRequestBytes(long bytes) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, upstreamKey, bytes, store,
                webhook, clock);
    }

    public GatewayConfig withWebhook(URI url) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, upstreamKey, maxRequestBytes,
                store, Optional.of(url), clock);
    }

    public GatewayConfig withDigest(String digest) {
        return new GatewayConfig(harness, digest, upstream, host, port, token, upstreamKey, maxRequestBytes, store,
                webhook, clock);
    }

    /** Whether {@code host} names the loopback interface. */
    public static boolean loopback(String host) {
        // Literals only: a name such as 127.example.com could resolve anywhere.
        return host.equals("localhost") || host.equals("::1") || host.equals("[::1]")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** The key and the token are secrets: they never appear in a log line, an error or a thread dump of this. */
    @Override
    public String toString() {
        return "GatewayConfig[harness=" + harness.name() + ", upstream=" + upstream + ", listen=" + host + ":" + port
                + ", token=" + (token.isPresent() ? "(set)" : "(none)") + ", upstreamKey="
                + (upstreamKey.isPresent() ? "(set)" : "(none)") + ", maxRequestBytes=" + maxRequestBytes + "]";
    }
}
