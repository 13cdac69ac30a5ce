package dev.bridle.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.access.AccessRequest;
import dev.bridle.access.Decision;
import dev.bridle.access.HostCheck;
import dev.bridle.access.HostVerdict;
import dev.bridle.access.HttpTarget;
import dev.bridle.access.PermissionCheck;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.Effect;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The {@code http.get} tool: fetches a URL, {@code {"url": "https://example.com/a"}}, with the JDK HTTP client, and
 * answers with the status line {@code HTTP 200} and the body as UTF-8 text.
 *
 * <p>The permission gate has matched the URL's canonical {@code host[:port]} against the rules before the call; the
 * tool refuses a first request those rules deny as well, in case it is reached without the gate. Then, for the first
 * request and again for every redirect:
 *
 * <ul>
 *   <li>the URL must be {@code http} or {@code https} with a plain host and no user information (rule
 *       {@value #URL_RULE}); the request goes to the URL rebuilt from its canonical parts ({@link HttpTarget});
 *   <li>a redirect is matched against the permission rules again, for the same agent, and must be allowed by one (an
 *       ask rule cannot be answered in the middle of a call, so it refuses); it may not go from https to http, and at
 *       most {@link Limits#maxRedirects()} are followed (rule {@value #REDIRECT_RULE}); the result names the rule
 *       that allowed each redirect;
 *   <li>the host's addresses must pass {@link HostCheck} (rule {@value HostCheck#RULE}): no loopback or private
 *       address unless an allow rule names the host literally;
 *   <li>the connection goes to the checked addresses only. The JDK client resolves a name itself, so while the
 *       request is in flight the name is pinned ({@link AddressPins}) and the JVM's resolver,
 *       {@link PinningResolverProvider}, answers the pinned addresses. Before sending, the name is looked up once more
 *       through the JVM, as the client will: an answer outside the checked addresses (a DNS cache refreshed in
 *       between) or a JVM without the pinning resolver refuses the request. Pinning the name, rather than connecting
 *       to the IP address, keeps the Host header, SNI and certificate checks on the name;
 *   <li>the body is capped at {@link Limits#maxBytes()} and the whole call, redirects included, at
 *       {@link Limits#timeout()}: a server that drips its body slowly is cut off at the deadline (rule
 *       {@value #LIMITS_RULE}).
 * </ul>
 *
 * <p>Each call has its own client, so no connection is shared between calls that were checked against other rules.
 */
public final class HttpGet implements ToolPort {

    /** The tool's name. */
    public static final String NAME = "http.get";

    /** The rule id of a refused URL: another scheme, user information, no usable host. */
    public static final String URL_RULE = "http-url";

    /** The rule id of a refused redirect: a downgrade to http, or too many hops. */
    public static final String REDIRECT_RULE = "http-redirect";

    /** The rule id of the size and time caps. */
    public static final String LIMITS_RULE = "http-limits";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The caps of one call.
     *
     * @param maxBytes the largest body accepted, in bytes
     * @param timeout the longest a call may take, redirects and body included
     * @param maxRedirects the most redirects followed
     */
    public record Limits(int maxBytes, Duration timeout, int maxRedirects) {
        public Limits {
            if (maxBytes < 0 || timeout.isNegative() || timeout.isZero() || maxRedirects < 0) {
                throw new IllegalArgumentException("limits must be positive: " + maxBytes + ", " + timeout + ", "
                        + maxRedirects);
            }
        }

        /** 1 MiB, 30 seconds, 5 redirects. */
        public static Limits standard() {
            return new Limits(1 << 20, Duration.ofSeconds(30), 5);
        }
    }

    private final PermissionCheck rules;
    private final HostCheck hosts;
    private final Limits limits;
    private final SSLContext tls;

    /**
     * The tool.
     *
     * @param rules the harness's permission rules, for redirects and for the literal naming that lets a private
     *     address be reached; {@code null} refuses every redirect and every private address
     */
    public HttpGet(PermissionCheck rules, HostCheck hosts, Limits limits) {
        this(rules, hosts, limits, null);
    }

    /**
     * The tool with its own TLS trust, such as a company's certificate authority.
     *
     * @param tls the certificates and protocols to trust, or {@code null} for the JVM's default
     */
    public HttpGet(PermissionCheck rules, HostCheck hosts, Limits limits, SSLContext tls) {
        this.rules = rules;
        this.hosts = hosts;
        this.limits = limits;
        this.tls = tls;
    }

    @Override
    public ToolResult call(String agent, ToolCall call) {
        var url = ToolArgs.parse(call.args()).flatMap(args -> args.text("url"));
        if (url.isEmpty()) {
            return ToolResult.error(NAME + ": the string argument 'url' is missing");
        }
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        HttpTarget target;
        try {
            target = HttpTarget.parse(url.get());
        } catch (IllegalArgumentException e) {
            return refused(URL_RULE, e.getMessage());
        }
        if (rules != null) {
            // The gate decided this call; a denial here means the tool was reached without it, so it refuses too.
            Decision first = rules.check(AccessRequest.fromCall(agent, call));
            if (first.effect() == Effect.DENY) {
                return refused(first.rule(), target.hostPort() + " is denied (" + first.reason() + ")");
            }
        }
        StringBuilder trail = new StringBuilder();
        ToolCall hopCall = call;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(limits.timeout());
        if (tls != null) {
            builder.sslContext(tls);
        }
        HttpClient client = builder.build();
        try {
            for (int hop = 0; ; hop++) {
                Optional<String> literal = rules == null
                        ? Optional.empty()
                        : rules.literalHostRule(AccessRequest.fromCall(agent, hopCall));
                Hop answer = fetch(client, target, literal, deadline);
                if (answer instanceof Hop.Refused refused) {
                    return ToolResult.error(trail + refused.message());
                }
                HttpResponse<byte[]> response = ((Hop.Answered) answer).response();
                int status = response.statusCode();
                Optional<String> location = response.headers().firstValue("location");
                if (!isRedirect(status) || location.isEmpty()) {
                    String text = trail + "HTTP " + status + "\n"
                            + new String(response.body(), StandardCharsets.UTF_8);
                    return status < 400 ? ToolResult.ok(text) : ToolResult.error(text);
                }
                if (hop >= limits.maxRedirects()) {
                    return ToolResult.error(trail + refused(REDIRECT_RULE, "more than " + limits.maxRedirects()
                            + " redirects").output());
                }
                HttpTarget next;
                try {
                    next = HttpTarget.parse(resolve(target.uri(), location.get()));
                } catch (IllegalArgumentException e) {
                    return ToolResult.error(trail + refused(URL_RULE, "redirect " + status + " to "
                            + location.get() + ": " + e.getMessage()).output());
                }
                if (target.scheme().equals("https") && next.scheme().equals("http")) {
                    return ToolResult.error(trail + refused(REDIRECT_RULE, "redirect " + status + " from https to "
                            + next + " would drop TLS").output());
                }
                hopCall = new ToolCall(NAME, JSON.writeValueAsString(Map.of("url", next.toString())));
                if (rules == null) {
                    return ToolResult.error(trail + refused(REDIRECT_RULE, "redirect " + status + " to " + next
                            + ": there are no permission rules to check it against").output());
                }
                Decision decision = rules.check(AccessRequest.fromCall(agent, hopCall));
                if (decision.effect() != Effect.ALLOW) {
                    String why = decision.effect() == Effect.ASK
                            ? "asks, and a redirect cannot wait for an answer"
                            : "denies it";
                    return ToolResult.error(trail + refused(decision.rule(), "redirect " + status + " to "
                            + next.hostPort() + " (" + next + "): the rule " + why).output());
                }
                trail.append("redirect ").append(status).append(" to ").append(next).append(" allowed by rule '")
                        .append(decision.rule()).append("'\n");
                target = next;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResult.error(trail + NAME + ": interrupted");
        } catch (IOException e) {
            return ToolResult.error(trail + NAME + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            client.shutdownNow();
        }
    }

    /** One request's outcome: an answer, or a refusal that names its rule. */
    private sealed interface Hop {
        record Answered(HttpResponse<byte[]> response) implements Hop {}

        record Refused(String message) implements Hop {}
    }

    private Hop fetch(HttpClient client, HttpTarget target, Optional<String> literal, long deadline)
            throws InterruptedException, IOException {
        boolean byName = !target.hostPort().isAddress();
        AddressPins.Pin pin = null;
        if (byName) {
            pin = AddressPins.take(target.hostName(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (pin == null) {
                return new Hop.Refused(refused(LIMITS_RULE, "no answer within " + seconds(limits.timeout())
                        + " (another request to " + target.hostName() + " held it)").output());
            }
        }
        try {
            HostVerdict verdict = hosts.check(target.hostPort(), literal);
            if (verdict instanceof HostVerdict.Refused refused) {
                return new Hop.Refused(refused(refused.rule(), refused.reason()).output());
            }
            HostVerdict.Allowed allowed = (HostVerdict.Allowed) verdict;
            if (byName) {
                AddressPins.set(target.hostName(), allowed.addresses());
                Optional<String> problem = pinHolds(target.hostName(), allowed);
                if (problem.isPresent()) {
                    return new Hop.Refused(refused(HostCheck.RULE, problem.get()).output());
                }
            }
            return send(client, target, deadline);
        } finally {
            if (pin != null) {
                pin.close();
            }
        }
    }

    /** Looks the pinned name up as the HTTP client will; says what is wrong when it would not get the pinned answer. */
    private static Optional<String> pinHolds(String name, HostVerdict.Allowed allowed) {
        InetAddress[] seen;
        try {
            seen = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            return Optional.of(name + " no longer resolves to its checked address");
        }
        if (!AddressPins.installed()) {
            return Optional.of("this JVM does not resolve names through Bridle's pinning resolver"
                    + " (META-INF/services/java.net.spi.InetAddressResolverProvider), so " + name
                    + " cannot be held to its checked address; name the host by IP address instead");
        }
        for (InetAddress address : seen) {
            if (!allowed.addresses().contains(address)) {
                return Optional.of(name + " resolves to " + address.getHostAddress()
                        + " now, which is not the address that was checked");
            }
        }
        return Optional.empty();
    }

    private Hop send(HttpClient client, HttpTarget target, long deadline) throws InterruptedException, IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return new Hop.Refused(timedOut());
        }
        HttpRequest request = HttpRequest.newBuilder(target.uri()).GET().timeout(Duration.ofNanos(left)).build();
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> new CappedBody(limits.maxBytes()));
        try {
            return new Hop.Answered(future.get(left, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Hop.Refused(timedOut());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CappedBody.TooLarge) {
                return new Hop.Refused(refused(LIMITS_RULE, "the body is larger than the cap of "
                        + limits.maxBytes() + " bytes").output());
            }
            if (cause instanceof HttpTimeoutException) {
                return new Hop.Refused(timedOut());
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "request failed" : cause.toString(), cause);
        }
    }

    private String timedOut() {
        return refused(LIMITS_RULE, "no complete answer within " + seconds(limits.timeout())).output();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String resolve(URI base, String location) {
        try {
            return base.resolve(new URI(location)).toString();
        } catch (Exception e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
    }

    private static ToolResult refused(String rule, String reason) {
        return ToolResult.error(NAME + ": refused by rule '" + rule + "': " + reason);
    }
}
