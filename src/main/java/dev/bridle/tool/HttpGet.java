package dev.bridle.tool;

import dev.bridle.access.HostCheck;
import dev.bridle.access.HostVerdict;
import dev.bridle.model.ToolCall;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@code http.get} tool: fetches a URL, {@code {"url": "https://example.com/a"}}, and answers with the status
 * line {@code HTTP 200} and the body as UTF-8 text.
 *
 * <p>The client never follows redirects itself: each hop is checked by the {@link HostCheck} first (same host, no
 * private address unless allowed), at most {@value #MAX_REDIRECTS} redirects are followed, and bodies over the cap
 * (1 MiB by default) are an error, with at most the cap plus one byte read.
 */
public final class HttpGet implements ToolPort {

    /** The tool's name. */
    public static final String NAME = "http.get";

    /** The most redirects followed in one call. */
    public static final int MAX_REDIRECTS = 5;

    private final HostCheck hosts;
    private final HttpClient client;
    private final int maxBytes;
    private final Duration timeout;

    public HttpGet(HostCheck hosts) {
        this(hosts, 1 << 20, Duration.ofSeconds(30));
    }

    public HttpGet(HostCheck hosts, int maxBytes, Duration timeout) {
        this.hosts = hosts;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public ToolResult call(String agent, ToolCall call) {
        var url = ToolArgs.parse(call.args()).flatMap(args -> args.text("url"));
        if (url.isEmpty()) {
            return ToolResult.error(NAME + ": the string argument 'url' is missing");
        }
        URI uri;
        try {
            uri = new URI(url.get());
        } catch (Exception e) {
            return ToolResult.error(NAME + ": not a URL: " + url.get());
        }
        HostVerdict verdict = hosts.check(uri);
        try {
            for (int hop = 0; ; hop++) {
                if (verdict instanceof HostVerdict.Refused refused) {
                    return ToolResult.error(NAME + ": " + refused.reason());
                }
                HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(timeout).build();
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                var location = response.headers().firstValue("location");
                if (status >= 300 && status < 400 && location.isPresent()) {
                    response.body().close();
                    if (hop >= MAX_REDIRECTS) {
                        return ToolResult.error(NAME + ": more than " + MAX_REDIRECTS + " redirects");
                    }
                    URI next = uri.resolve(location.get());
                    verdict = hosts.checkRedirect(uri, next);
                    uri = next;
                    continue;
                }
                try (InputStream body = response.body()) {
                    byte[] bytes = body.readNBytes(maxBytes + 1);
                    if (bytes.length > maxBytes) {
                        return ToolResult.error(NAME + ": the body is larger than the cap of " + maxBytes + " bytes");
                    }
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    return status < 400
                            ? ToolResult.ok("HTTP " + status + "\n" + text)
                            : ToolResult.error("HTTP " + status + "\n" + text);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResult.error(NAME + ": interrupted");
        } catch (IOException | IllegalArgumentException e) {
            return ToolResult.error(NAME + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
