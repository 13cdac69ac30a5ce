package dev.bridle.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.policy.GatewayPolicy;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bridle gateway}: an HTTP server that agents use as their model endpoint. Each request goes through the
 * harness (guards before and after each model round trip, permissions on every tool call the model emits, approvals),
 * then to the upstream model server; the answer comes back changed only where the harness decided. Every session is a
 * run in the store.
 *
 * <p>The server is Helidon SE's web server: every request runs on its own virtual thread with blocking I/O, so a
 * stream is a plain write loop and a slow client blocks only its own thread (see {@code docs/gateway.md}).
 *
 * <pre>{@code
 * try (Gateway g = Gateway.start(GatewayConfig.of(harness, URI.create("http://localhost:11434")).withStore(store))) {
 *     URI base = g.baseUrl(); // point the agent here
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** The gateway's own endpoints live under this path. */
    public static final String ADMIN = "/bridle";

    private final GatewayConfig config;
    private final Approvals approvals;
    private final SessionRegistry sessions;
    private final Upstream upstream;
    private final WebServer server;
    private final HttpClient webhookClient;

    private Gateway(GatewayConfig config) {
        this.config = config;
        this.approvals = new Approvals(config.clock());
        GatewayPolicy policy = config.harness().gateway();
        this.sessions = new SessionRegistry(config.harness(), config.harnessDigest(), config.store(), policy,
                approvals, config.clock(), config.limits());
        this.upstream = new Upstream(config.upstream(), config.limits().upstreamTimeout());
        this.webhookClient = config.webhook().isPresent() ? HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).build() : null;
        config.webhook().ifPresent(url -> approvals.onQuestion(q -> notify(url, q)));
        WebServerConfig.Builder web = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .maxPayloadSize(config.maxRequestBytes())
                .shutdownHook(false)
                .routing(this::routes);
        config.tls().map(GatewayConfig.Tls::load)
                .ifPresent(t -> web.tls(tls -> tls.privateKey(t.key()).privateKeyCertChain(t.chain())));
        this.server = web.build();
    }

    /** Starts a gateway; it listens when this returns. */
    public static Gateway start(GatewayConfig config) {
        Gateway g = new Gateway(config);
        g.server.start();
        LOG.info("bridle gateway for harness '{}' on {} in front of {}", config.harness().name(), g.baseUrl(),
                config.upstream());
        return g;
    }

    /** The port it listens on (the one picked, when the config said 0). */
    public int port() {
        return server.port();
    }

    /**
     * The base URL to give an agent: {@code http://127.0.0.1:PORT} ({@code https} with TLS); OpenAI SDKs take it with
     * {@code /v1}.
     */
    public URI baseUrl() {
        String host = config.host().contains(":") && !config.host().startsWith("[") ? "[" + config.host() + "]"
                : config.host();
        return URI.create((config.tls().isPresent() ? "https://" : "http://") + host + ":" + port());
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** The questions waiting for a human; answer them here or through {@code POST /bridle/approvals/{id}}. */
    public Approvals approvals() {
        return approvals;
    }

    public GatewayConfig config() {
        return config;
    }

    /** Stops listening, then ends every session's run as interrupted and waits until the store has it. */
    @Override
    public void close() {
        server.stop();
        sessions.closeAll("the gateway stopped");
        upstream.close();
        if (webhookClient != null) {
            webhookClient.close();
        }
    }

    private void routes(HttpRouting.Builder r) {
        for (WireFormat door : WireFormat.all()) {
            r.post(door.path(), (req, res) -> door(door, req, res));
        }
        r.get("/v1/models", (req, res) -> passThrough(req, res, "/v1/models"));
        r.get("/v1/models/{id}", (req, res) -> passThrough(req, res, req.path().path()));
        r.get("/api/tags", (req, res) -> passThrough(req, res, "/api/tags"));
        r.get(ADMIN + "/approvals", (req, res) -> admin(req, res, true, () -> questions()));
        r.post(ADMIN + "/approvals/{id}", this::answer);
        r.get(ADMIN + "/sessions", (req, res) -> admin(req, res, false, () -> sessionList()));
        new DecisionApi(this).routes(r);
    }

    private void door(WireFormat door, ServerRequest req, ServerResponse res) {
        try {
            authorize(req);
            byte[] original = body(req);
            ObjectNode json = Json.object(original);
            Turn turn = door.read(json);
            String id = header(req, SessionRegistry.HEADER).or(turn::sessionHint)
                    .orElseGet(() -> SessionRegistry.digest(door.name(), turn));
            GatewaySession session = sessions.acquire(id, header(req, SessionRegistry.AGENT_HEADER), turn.model());
            try {
                Exchange.run(this, door, req, res, original, json, turn, session);
            } finally {
                session.unlock();
            }
        } catch (GatewayException e) {
            fail(res, door, e);
        } catch (UncheckedIOException e) {
            // The client went away mid-answer: nothing is left to tell it.
            LOG.debug("client connection lost: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("gateway request failed", e);
            fail(res, door, new GatewayException(500, "api_error", "bridle gateway: " + e.getMessage()));
        }
    }

    Upstream upstream() {
        return upstream;
    }

    /** The request headers to send upstream: those the API needs, the gateway's token removed, the key added. */
    Map<String, List<String>> forwarded(ServerRequest req, WireFormat door) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Header h : req.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (!Upstream.FORWARDED.contains(name)) {
                continue;
            }
            if (name.equals("authorization") && config.token().isPresent()) {
                continue;
            }
            out.put(h.name(), h.allValues());
        }
        if (config.upstreamKey().isPresent()) {
            String[] kh = door == null ? new String[] {"Authorization", "Bearer " + config.upstreamKey().get()}
                    : door.keyHeader(config.upstreamKey().get());
            out.keySet().removeIf(k -> k.equalsIgnoreCase(kh[0]));
            out.put(kh[0], List.of(kh[1]));
        }
        return out;
    }

    static void fail(ServerResponse res, WireFormat door, GatewayException e) {
        if (res.isSent()) {
            return;
        }
        try {
            failNow(res, door, e);
        } catch (IllegalStateException | UncheckedIOException late) {
            // The answer had begun (a stream): its status is sent, and the connection is what is left to close.
            LOG.debug("cannot answer {} after the response began: {}", e.status(), late.getMessage());
        }
    }

    private static void failNow(ServerResponse res, WireFormat door, GatewayException e) {
        ObjectNode body = door == null ? new OpenAiChat().error(e.type(), e.getMessage())
                : door.error(e.type(), e.getMessage());
        res.status(e.status());
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.bytes(body));
    }

    /** The bearer token, when the gateway has one: {@code Authorization: Bearer T} or {@code X-Bridle-Token: T}. */
    void authorize(ServerRequest req) {
        if (!sameMachineOrToken(req)) {
            return;
        }
        if (!sent(req, config.token().get())) {
            throw new GatewayException(401, "authentication_error",
                    "bridle gateway: send the gateway's token as 'Authorization: Bearer TOKEN'");
        }
    }

    /**
     * The approver's token, which only the approvals endpoints accept: an agent holds the client token (its own shell
     * tool could reach this endpoint), so the client token must not answer its own questions.
     */
    void authorizeApprover(ServerRequest req) {
        sameMachineOrToken(req);
        if (config.approverToken().isEmpty()) {
            throw new GatewayException(403, "permission_error", "bridle gateway: approvals over HTTP are off; start"
                    + " the gateway with --approver-token TOKEN (or BRIDLE_APPROVER_TOKEN) and send that token here as"
                    + " 'Authorization: Bearer TOKEN' (bridle approve --approver-token); the workbench answers"
                    + " without it");
        }
        if (!sent(req, config.approverToken().get())) {
            boolean client = config.token().isPresent() && sent(req, config.token().get());
            throw new GatewayException(client ? 403 : 401, client ? "permission_error" : "authentication_error",
                    client ? "bridle gateway: the client token cannot answer approvals; send the approver token"
                            : "bridle gateway: send the approver token as 'Authorization: Bearer TOKEN'");
        }
    }

    /**
     * Refuses a web page's request and, on loopback without a token, a rebound DNS name; true when a token is to be
     * checked.
     */
    private boolean sameMachineOrToken(ServerRequest req) {
        // Any web page the user opens can send requests to loopback; agents and SDKs send no Origin. A request from a
        // browser page could otherwise answer approvals or spend the model key.
        Optional<String> origin = header(req, "Origin");
        if (origin.isPresent()) {
            throw new GatewayException(403, "permission_error", "bridle gateway: requests from a web page (Origin: "
                    + origin.get() + ") are refused");
        }
        if (config.token().isEmpty()) {
            // Without a token the gateway is on loopback: a Host that is not a loopback name is a rebound DNS name.
            String host = header(req, "Host").orElse("localhost");
            String name = host.startsWith("[") ? host.substring(0, Math.max(1, host.indexOf(']') + 1))
                    : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
            // The usual Host first: the general check is a regular expression, compiled on every call.
            if (!name.equals("127.0.0.1") && !name.equals("localhost") && !GatewayConfig.loopback(name)) {
                throw new GatewayException(403, "permission_error", "bridle gateway: Host '" + host
                        + "' is not this gateway's loopback address");
            }
            return false;
        }
        return true;
    }

    /** Whether the request carries {@code want} as its bearer token or its {@code X-Bridle-Token}. */
    private static boolean sent(ServerRequest req, String want) {
        Optional<String> bearer = header(req, "Authorization").filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(a -> a.substring(7).trim());
        Optional<String> own = header(req, "X-Bridle-Token");
        return bearer.map(b -> constantTimeEquals(b, want)).orElse(false)
                | own.map(b -> constantTimeEquals(b, want)).orElse(false);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }

    /** The body, refused with 413 past the cap (a chunked body has no length to check up front). */
    byte[] body(ServerRequest req) {
        long cap = config.maxRequestBytes();
        try (InputStream in = req.content().inputStream()) {
            OptionalLong length = req.headers().contentLength();
            byte[] bytes = length.isPresent() && length.getAsLong() <= cap ? readAll(in, length)
                    : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
            if (bytes.length > cap) {
                throw new GatewayException(413, "request_too_large",
                        "bridle gateway: the request body is over the cap of " + cap + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new GatewayException(400, "invalid_request_error", "bridle gateway: the request body could not be"
                    + " read: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof GatewayException g) {
                throw g;
            }
            // Helidon refuses a body over its payload cap while it is read.
            throw new GatewayException(413, "request_too_large", "bridle gateway: the request body is over the cap"
                    + " of " + cap + " bytes");
        }
    }

    /**
     * A whole body: with its length known, read into one array of that size (reading in pieces and joining them
     * made most of a request's garbage); a body that is longer or shorter than it said is an {@link IOException}.
     */
    static byte[] readAll(InputStream in, OptionalLong length) throws IOException {
        if (length.isEmpty() || length.getAsLong() > Integer.MAX_VALUE - 8) {
            return in.readAllBytes();
        }
        byte[] bytes = new byte[(int) length.getAsLong()];
        if (in.readNBytes(bytes, 0, bytes.length) != bytes.length || in.read() >= 0) {
            throw new IOException("the body is not the " + bytes.length + " bytes its Content-Length says");
        }
        return bytes;
    }

    static Optional<String> header(ServerRequest req, String name) {
        return req.headers().first(HeaderNames.create(name));
    }

    private void passThrough(ServerRequest req, ServerResponse res, String path) {
        try {
            authorize(req);
            String raw = req.query().rawValue();
            Upstream.Answer up = upstream.send("GET",
                    upstream.resolve(path, raw.isEmpty() ? Optional.empty() : Optional.of(raw)),
                    forwarded(req, null), null);
            res.status(up.statusCode());
            up.copyHeaders(res);
            try (InputStream in = up.body(); OutputStream out = res.outputStream()) {
                in.transferTo(out);
            }
        } catch (GatewayException e) {
            fail(res, null, e);
        } catch (IOException e) {
            fail(res, null, new GatewayException(502, "api_error", "bridle gateway: the upstream "
                    + config.upstream() + " failed: " + e.getMessage()));
        }
    }

    private void admin(ServerRequest req, ServerResponse res, boolean approver, Supplier<JsonNode> body) {
        try {
            if (approver) {
                authorizeApprover(req);
            } else {
                authorize(req);
            }
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.bytes(body.get()));
        } catch (GatewayException e) {
            fail(res, null, e);
        }
    }

    private JsonNode questions() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Approvals.Question q : approvals.waiting()) {
            out.add(question(q));
        }
        return out;
    }

    private static ObjectNode question(Approvals.Question q) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", q.id()).put("session", q.session()).put("run", q.runId()).put("agent", q.agent())
                .put("rule", q.rule()).put("question", q.question()).put("asked", q.asked().toString());
        return o;
    }

    private JsonNode sessionList() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (GatewaySession s : sessions.sessions()) {
            ObjectNode o = out.addObject();
            o.put("id", s.id()).put("run", s.runId()).put("agent", s.agent()).put("steps", s.steps())
                    .put("requests", s.requests()).put("lastActive", s.lastActive().toString());
            s.ended().ifPresentOrElse(r -> o.put("ended", r), () -> o.putNull("ended"));
        }
        return out;
    }

    private void answer(ServerRequest req, ServerResponse res) {
        try {
            authorizeApprover(req);
            String id = req.path().pathParameters().get("id");
            ObjectNode body = Json.object(body(req));
            if (!body.path("approved").isBoolean()) {
                throw new GatewayException(400, "invalid_request_error",
                        "the answer needs 'approved': true or false (and 'by': who answers)");
            }
            boolean done = approvals.answer(id, body.path("approved").asBoolean(), body.path("by").asText("http"));
            if (!done) {
                throw new GatewayException(404, "not_found_error", "no question '" + id + "' is waiting (answered,"
                        + " timed out or unknown); GET " + ADMIN + "/approvals lists those that are");
            }
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.bytes(Json.MAPPER.createObjectNode().put("answered", id)));
        } catch (GatewayException e) {
            fail(res, null, e);
        }
    }

    /** Tells the webhook about a question, on a thread of its own: a slow webhook must not delay the session. */
    private void notify(URI url, Approvals.Question q) {
        ObjectNode body = question(q);
        body.put("answer", baseUrl() + ADMIN + "/approvals/" + q.id());
        HttpRequest r = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))).build();
        webhookClient.sendAsync(r, HttpResponse.BodyHandlers.discarding()).orTimeout(10, TimeUnit.SECONDS)
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.warn("approval webhook {} failed for question {}: {}", url, q.id(), e.getMessage());
                    }
                });
    }
}
