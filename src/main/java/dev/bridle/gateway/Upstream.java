package dev.bridle.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * The model server behind the gateway, reached with the JDK's HTTP client: the request goes as bytes, the response
 * comes back as a stream that is read as the client reads, so a stream is never held whole in memory.
 */
final class Upstream implements AutoCloseable {

    /** The request headers a client's SDK sets that the model server needs; the rest stay at the gateway. */
    static final Set<String> FORWARDED = Set.of("authorization", "x-api-key", "anthropic-version", "anthropic-beta",
            "openai-organization", "openai-project", "openai-beta", "accept", "user-agent", "x-stainless-lang",
            "x-stainless-package-version", "x-stainless-os", "x-stainless-arch", "x-stainless-runtime",
            "x-stainless-runtime-version", "x-stainless-retry-count", "x-stainless-timeout", "idempotency-key");

    /** The response headers the client's SDK reads (ids, rate limits, retry hints). */
    static boolean returned(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("content-type") || n.equals("retry-after") || n.equals("x-request-id")
                || n.equals("request-id") || n.startsWith("openai-") || n.startsWith("anthropic-")
                || n.startsWith("x-ratelimit-") || n.startsWith("x-should-retry");
    }

    private final URI base;
    private final HttpClient client;
    private final SilenceLimit silence;

    Upstream(URI base, Duration timeout) {
        this.silence = new SilenceLimit(timeout);
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        // HTTP/1.1: a cleartext HTTP/2 upgrade attempt confuses some local model servers; virtual threads for I/O.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** The upstream URL for the gateway path {@code path}: a base that ends in {@code /v1} is not doubled. */
    URI resolve(String path, Optional<String> query) {
        String p = path;
        if (base.getPath().endsWith("/v1") && p.startsWith("/v1/")) {
            p = p.substring(3);
        }
        return URI.create(base + p + query.map(q -> "?" + q).orElse(""));
    }

    /** Sends {@code body} (or nothing, for a GET) and returns as soon as the status and headers are in. */
    HttpResponse<InputStream> send(String method, URI uri, Map<String, List<String>> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(silence.limit());
        headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        if (body == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpRequest request = b.build();
        // The body is watched: a model server that stalls mid-answer does not hold the session past the limit.
        HttpResponse.BodyHandler<InputStream> watched = info -> HttpResponse.BodySubscribers.mapping(
                HttpResponse.BodySubscribers.ofInputStream(), silence::watch);
        try {
            return client.send(request, watched);
        } catch (HttpTimeoutException e) {
            throw new HttpTimeoutException("the upstream did not answer within " + SessionRegistry.human(
                    silence.limit()) + " (rule " + GatewayConfig.Limits.UPSTREAM_RULE + ")");
        } catch (IOException e) {
            // A pooled connection the server had closed while idle fails before a single byte of answer; the server
            // never saw the request, so sending it once more on a fresh connection cannot call the model twice.
            if (e.getMessage() != null && e.getMessage().contains("received no bytes")) {
                return client.send(request, watched);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        silence.close();
        client.close();
    }
}
