package dev.bridle.gateway;

import dev.bridle.policy.Harness;
import dev.bridle.store.RunStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a gateway runs: the harness it enforces, the model server it forwards to, where it listens, who may use it and
 * answer its approvals, what it keeps, and its limits.
 *
 * @param harnessDigest the harness's digest as the bundle names it, for the record (empty for a harness file)
 * @param upstream the model server's base URL ({@code https://api.openai.com}, {@code http://localhost:11434});
 *     a trailing {@code /v1} is allowed
 * @param host the address to listen on; anything but loopback needs a {@code token}
 * @param port the port; 0 picks a free one ({@link Gateway#port()} says which)
 * @param token the bearer token clients must send on the model endpoints; required off loopback
 * @param approverToken the bearer token the approvals endpoints accept, and nothing else does; without it, approvals
 *     over HTTP are refused (the workbench answers in-process)
 * @param upstreamKey the model server's key, when the clients do not send their own (never logged, never stored)
 * @param maxRequestBytes the largest request body; a larger one gets 413
 * @param store where sessions are recorded as runs; empty records nothing
 * @param webhook a URL that gets every approval question as JSON
 * @param limits the sessions' idle timeout and cap, the upstream's timeout and the wait for a busy session
 * @param tls the certificate and key to serve HTTPS with; empty serves plain HTTP
 */
public record GatewayConfig(Harness harness, String harnessDigest, URI upstream, String host, int port,
        Optional<String> token, Optional<String> approverToken, Optional<String> upstreamKey, long maxRequestBytes,
        Optional<RunStore> store, Optional<URI> webhook, Limits limits, Optional<Tls> tls, Clock clock) {

    /** The default cap on a request body: 16 MiB, room for a long conversation with images. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L << 20;

    /**
     * The limits that keep an attacker or a long day from growing the gateway without bound or holding a session.
     *
     * @param idleTimeout a session with no request for this long is ended by rule {@value #IDLE_RULE} and forgotten
     * @param maxSessions the most sessions held at once; a new one beyond it gets 429 (rule {@value #CAP_RULE})
     * @param upstreamTimeout the longest the upstream may stay silent: before its headers, and between two reads of
     *     its body (rule {@value #UPSTREAM_RULE})
     * @param sessionWait the longest a request waits for its session while another request of the same session is
     *     served; then 409 (rule {@value #BUSY_RULE})
     */
    public record Limits(Duration idleTimeout, int maxSessions, Duration upstreamTimeout, Duration sessionWait) {

        /** The rule that ends an idle session. */
        public static final String IDLE_RULE = "gateway.idle";
        /** The rule that refuses a session beyond the cap. */
        public static final String CAP_RULE = "gateway.max-sessions";
        /** The rule that ends an exchange whose upstream stays silent. */
        public static final String UPSTREAM_RULE = "gateway.upstream-timeout";
        /** The rule that refuses a request whose session stays busy. */
        public static final String BUSY_RULE = "gateway.session-busy";

        public Limits {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
            Objects.requireNonNull(sessionWait, "sessionWait");
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("--idle-timeout must be positive");
            }
            if (maxSessions < 1) {
                throw new IllegalArgumentException("--max-sessions must be at least 1");
            }
            if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
                throw new IllegalArgumentException("--upstream-timeout must be positive");
            }
            if (sessionWait.isNegative()) {
                throw new IllegalArgumentException("--session-wait must not be negative");
            }
        }

        /**
         * 30 minutes idle, 10,000 sessions, 10 minutes of upstream silence (a reasoning model may think that long
         * before its first byte), 30 seconds' wait for a busy session.
         */
        public static Limits defaults() {
            return new Limits(Duration.ofMinutes(30), 10_000, Duration.ofMinutes(10), Duration.ofSeconds(30));
        }

        public Limits withIdleTimeout(Duration d) {
            return new Limits(d, maxSessions, upstreamTimeout, sessionWait);
        }

        public Limits withMaxSessions(int n) {
            return new Limits(idleTimeout, n, upstreamTimeout, sessionWait);
        }

        public Limits withUpstreamTimeout(Duration d) {
            return new Limits(idleTimeout, maxSessions, d, sessionWait);
        }

        public Limits withSessionWait(Duration d) {
            return new Limits(idleTimeout, maxSessions, upstreamTimeout, d);
        }
    }

    /**
     * HTTPS: a PEM certificate chain and its PEM private key (PKCS#8 {@code BEGIN PRIVATE KEY}).
     *
     * @param cert the certificate chain, the server's own certificate first
     * @param key the private key
     */
    public record Tls(Path cert, Path key) {
        public Tls {
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
        }

        /** The key and its chain as read from the files; an {@link IllegalArgumentException} says what is wrong. */
        public Loaded load() {
            List<X509Certificate> chain = new ArrayList<>();
            try (InputStream in = Files.newInputStream(cert)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    chain.add((X509Certificate) c);
                }
            } catch (IOException | CertificateException e) {
                throw new IllegalArgumentException("--tls-cert " + cert + ": not a PEM certificate chain ("
                        + e.getMessage() + ")");
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("--tls-cert " + cert + " holds no certificate");
            }
            String pem;
            try {
                pem = Files.readString(key, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalArgumentException("--tls-key " + key + " cannot be read: " + e.getMessage());
            }
            int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("--tls-key " + key + " is not an unencrypted PKCS#8 PEM key (BEGIN"
                        + " PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--tls-key " + key + ": its PEM body is not base64");
            }
            // The key's algorithm is the certificate's: a key of another kind could not serve it anyway.
            String algorithm = chain.getFirst().getPublicKey().getAlgorithm();
            try {
                PrivateKey pk = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                return new Loaded(pk, List.copyOf(chain));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("--tls-key " + key + " is not a " + algorithm + " key for --tls-cert "
                        + cert + " (" + e.getMessage() + ")");
            }
        }

        /** A private key and the certificate chain it serves. */
        public record Loaded(PrivateKey key, List<X509Certificate> chain) {}
    }

    public GatewayConfig {
        Objects.requireNonNull(harness, "harness");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(limits, "limits");
        harnessDigest = harnessDigest == null ? "" : harnessDigest;
        if (!"http".equals(upstream.getScheme()) && !"https".equals(upstream.getScheme())) {
            throw new IllegalArgumentException("--upstream must be an http or https URL: " + upstream);
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("--token must not be empty");
        }
        if (approverToken.isPresent() && approverToken.get().isBlank()) {
            throw new IllegalArgumentException("--approver-token must not be empty");
        }
        if (approverToken.isPresent() && approverToken.equals(token)) {
            // The point of the approver's token is that the agent (which holds the client token) does not have it.
            throw new IllegalArgumentException("--approver-token must differ from --token: an agent holds the client"
                    + " token, and could then approve its own calls");
        }
        if (!loopback(host) && token.isEmpty()) {
            throw new IllegalArgumentException("listening on " + host + " (not loopback) needs --token: any machine"
                    + " that reaches it could otherwise use the model key and the harness's approvals");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("the request size cap must be at least 1024 bytes");
        }
    }

    /** A gateway on 127.0.0.1 with a free port, no tokens, no key, the default cap and limits, no store, no TLS. */
    public static GatewayConfig of(Harness harness, URI upstream) {
        return new GatewayConfig(harness, "", upstream, "127.0.0.1", 0, Optional.empty(), Optional.empty(),
                Optional.empty(), DEFAULT_MAX_REQUEST_BYTES, Optional.empty(), Optional.empty(), Limits.defaults(),
                Optional.empty(), Clock.systemUTC());
    }

    public GatewayConfig withStore(RunStore s) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, approverToken, upstreamKey,
                maxRequestBytes, Optional.of(s), webhook, limits, tls, clock);
    }

    public GatewayConfig withListen(String h, int p) {
        return new GatewayConfig(harness, harnessDigest, upstream, h, p, token, approverToken, upstreamKey,
                maxRequestBytes, store, webhook, limits, tls, clock);
    }

    public GatewayConfig withToken(String t) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, Optional.of(t), approverToken,
                upstreamKey, maxRequestBytes, store, webhook, limits, tls, clock);
    }

    public GatewayConfig withApproverToken(String t) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, Optional.of(t), upstreamKey,
                maxRequestBytes, store, webhook, limits, tls, clock);
    }

    public GatewayConfig withUpstreamKey(String key) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, approverToken,
                Optional.of(key), maxRequestBytes, store, webhook, limits, tls, clock);
    }

    public GatewayConfig withMaxRequestBytes(long bytes) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, approverToken, upstreamKey,
                bytes, store, webhook, limits, tls, clock);
    }

    public GatewayConfig withWebhook(URI url) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, approverToken, upstreamKey,
                maxRequestBytes, store, Optional.of(url), limits, tls, clock);
    }

    public GatewayConfig withDigest(String digest) {
        return new GatewayConfig(harness, digest, upstream, host, port, token, approverToken, upstreamKey,
                maxRequestBytes, store, webhook, limits, tls, clock);
    }

    public GatewayConfig withLimits(Limits l) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, approverToken, upstreamKey,
                maxRequestBytes, store, webhook, l, tls, clock);
    }

    public GatewayConfig withTls(Path cert, Path key) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, approverToken, upstreamKey,
                maxRequestBytes, store, webhook, limits, Optional.of(new Tls(cert, key)), clock);
    }

    public GatewayConfig withClock(Clock c) {
        return new GatewayConfig(harness, harnessDigest, upstream, host, port, token, approverToken, upstreamKey,
                maxRequestBytes, store, webhook, limits, tls, c);
    }

    /** Whether {@code host} names the loopback interface. */
    public static boolean loopback(String host) {
        // Literals only: a name such as 127.example.com could resolve anywhere.
        return host.equals("localhost") || host.equals("::1") || host.equals("[::1]")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** The key and the tokens are secrets: they never appear in a log line, an error or a thread dump of this. */
    @Override
    public String toString() {
        return "GatewayConfig[harness=" + harness.name() + ", upstream=" + upstream + ", listen=" + host + ":" + port
                + ", token=" + (token.isPresent() ? "(set)" : "(none)") + ", approverToken="
                + (approverToken.isPresent() ? "(set)" : "(none)") + ", upstreamKey="
                + (upstreamKey.isPresent() ? "(set)" : "(none)") + ", maxRequestBytes=" + maxRequestBytes
                + ", limits=" + limits + ", tls=" + (tls.isPresent() ? "on" : "off") + "]";
    }
}
