package dev.bridle.gateway;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The model server behind the gateway, reached with Helidon's HTTP/1.1 client on the request's own virtual thread:
 * the request goes as bytes, the response comes back as a stream that is read as the client reads, so a stream is
 * never held whole in memory. (The JDK's {@code java.net.http} client cost about as much CPU per request as the rest
 * of the gateway together: its selector thread hands every read and write between threads; this client does blocking
 * I/O where it is called. {@code docs/gateway-performance.md} has the measurements.)
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
    private final Http1Client client;
    private final SilenceLimit silence;
    /** The upstream URL of each door's path, made once (parsing a URI was a few per cent of a request's CPU). */
    private final Map<String, URI> doors = new HashMap<>();

    Upstream(URI base, Duration timeout) {
        this.silence = new SilenceLimit(timeout);
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        // HTTP/1.1 only: local model servers speak it, and a cleartext HTTP/2 upgrade attempt confuses some. The
        // connection pool is this gateway's own (not Helidon's process-wide one), so close() ends its connections.
        // No proxy, as with the JDK client before: the upstream is usually on loopback.
        this.client = Http1Client.builder()
                .shareConnectionCache(false)
                .proxy(Proxy.noProxy())
                .connectTimeout(Duration.ofSeconds(10))
                // A read that waits this long is a stalled model server (rule gateway.upstream-timeout): this bounds
                // the wait for the status and headers; the body is watched by the silence limit as well.
                .readTimeout(timeout)
                .sendExpectContinue(false)
                .followRedirects(false)
                .build();
        for (WireFormat door : WireFormat.all()) {
            doors.put(door.path(), resolve(door.path(), Optional.empty()));
        }
    }

    /** The upstream URL for the gateway path {@code path}: a base that ends in {@code /v1} is not doubled. */
    URI resolve(String path, Optional<String> query) {
        URI made = query.isEmpty() ? doors.get(path) : null;
        if (made != null) {
            return made;
        }
        String p = path;
        if (base.getPath().endsWith("/v1") && p.startsWith("/v1/")) {
            p = p.substring(3);
        }
        return URI.create(base + p + query.map(q -> "?" + q).orElse(""));
    }

    /** Sends {@code body} (or nothing, for a GET) and returns as soon as the status and headers are in. */
    Answer send(String method, URI uri, Map<String, List<String>> headers, byte[] body) throws IOException {
        try {
            return new Answer(submit(method, uri, headers, body, true), silence);
        } catch (RuntimeException e) {
            // A pooled connection the server had closed while idle ends before a single byte of answer; the server
            // never read the request, so sending it once more on a fresh connection cannot call the model twice.
            if (!noAnswer(e)) {
                throw failure(e, silence.limit(), false);
            }
        }
        try {
            // Not from the pool: the other pooled connections may have been closed by the server just the same.
            return new Answer(submit(method, uri, headers, body, false), silence);
        } catch (RuntimeException e) {
            throw failure(e, silence.limit(), false);
        }
    }

    private HttpClientResponse submit(String method, URI uri, Map<String, List<String>> headers, byte[] body,
            boolean pooled) {
        // The query goes as the client sent it, not decoded and encoded again.
        Http1ClientRequest r = client.method(Method.create(method)).skipUriEncoding(true).uri(uri).keepAlive(pooled);
        headers.forEach((name, values) -> r.header(HeaderNames.create(name), values));
        if (body == null) {
            return r.request();
        }
        r.header(HeaderNames.CONTENT_TYPE, "application/json");
        return r.submit(body);
    }

    private static boolean noAnswer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataReader.InsufficientDataAvailableException) {
                return true;
            }
        }
        return false;
    }

    /** Helidon's client reports I/O failures unchecked; the gateway answers them as the upstream failing. */
    private static IOException failure(RuntimeException e, Duration limit, boolean answering) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                // Helidon's read timeout is the socket's: no byte came for that long.
                String what = answering ? "the upstream sent nothing for " : "the upstream did not answer within ";
                return new SocketTimeoutException(
                        what + SessionRegistry.human(limit) + " (rule " + GatewayConfig.Limits.UPSTREAM_RULE + ")");
            }
        }
        if (e instanceof UncheckedIOException u) {
            return u.getCause();
        }
        String m = e.getMessage();
        return new IOException(e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m), e);
    }

    @Override
    public void close() {
        silence.close();
        client.closeResource();
    }

    /** The upstream's answer: status and headers, and the body as a stream; closing the body ends the exchange. */
    static final class Answer {

        private final HttpClientResponse response;
        private final SilenceLimit silence;

        private Answer(HttpClientResponse response, SilenceLimit silence) {
            this.response = response;
            this.silence = silence;
        }

        int statusCode() {
            return response.status().code();
        }

        /** The body's length when the upstream said it (not for a chunked stream). */
        OptionalLong contentLength() {
            return response.headers().contentLength();
        }

        Optional<String> header(String name) {
            return response.headers().first(HeaderNames.create(name));
        }

        /** Copies the headers the client's SDK reads (see {@link Upstream#returned}) onto the gateway's answer. */
        void copyHeaders(ServerResponse res) {
            for (Header h : response.headers()) {
                if (returned(h.name())) {
                    res.header(h.name(), h.allValues().toArray(String[]::new));
                }
            }
        }

        /**
         * The body, read as it arrives; a broken-off answer reads as an {@link IOException}, as from any stream.
         * Closing it closes the response, which gives a fully read connection back to the pool.
         */
        InputStream body() {
            // Watched: a model server that stalls mid-answer does not hold the session past the silence limit.
            return silence.watch(new FilterInputStream(response.inputStream()) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (RuntimeException e) {
                        throw failure(e, silence.limit(), true);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (RuntimeException e) {
                        throw failure(e, silence.limit(), true);
                    }
                }

                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } catch (RuntimeException e) {
                        // The connection is discarded either way; nothing is lost by not reporting it.
                    } finally {
                        response.close();
                    }
                }
            });
        }
    }
}
