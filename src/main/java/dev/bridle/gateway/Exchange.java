package dev.bridle.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * One model round trip through the gateway, for one session (whose lock the caller holds): the harness before the
 * call, the upstream call, the harness on the answer, and the answer to the client, streamed or whole.
 */
final class Exchange {

    /** The most of an upstream error body kept to pass on. */
    private static final int MAX_ERROR_BYTES = 1 << 20;

    private Exchange() {}

    static void run(Gateway gateway, WireFormat door, ServerRequest req, ServerResponse res, byte[] original,
            ObjectNode json, Turn turn, GatewaySession session) {
        GatewaySession.Before before = session.before(turn, gateway.config().clock().instant());
        if (before instanceof GatewaySession.Before.Stopped s) {
            if (!s.now()) {
                throw new GatewayException(403, "permission_error", "bridle: session '" + session.id()
                        + "' has ended (" + s.reason() + "); start a new session to go on");
            }
            answer(res, door, turn, s.reason());
            return;
        }
        GatewaySession.Before.Forward f = (GatewaySession.Before.Forward) before;
        boolean edited = !f.elide().isEmpty() || !f.inject().isEmpty() || !f.cuts().isEmpty();
        if (!f.elide().isEmpty()) {
            door.elide(json, f.elide(), f.marker());
        }
        f.cuts().forEach((at, text) -> door.elide(json, Set.of(at), text));
        f.inject().forEach(text -> door.inject(json, text));
        // Nothing changed: the upstream gets the client's bytes as sent, not a re-encoding of them.
        byte[] body = edited ? Json.bytes(json) : original;
        String raw = req.query().rawValue();
        URI uri = gateway.upstream().resolve(door.path(), raw.isEmpty() ? Optional.empty() : Optional.of(raw));
        long started = System.nanoTime();
        Upstream.Answer up;
        try {
            up = gateway.upstream().send("POST", uri, gateway.forwarded(req, door), body);
        } catch (IOException e) {
            String reason = "the upstream " + gateway.config().upstream() + " failed: " + describe(e);
            session.upstreamFailed(reason);
            throw new GatewayException(502, "api_error", "bridle gateway: " + reason);
        }
        if (up.statusCode() < 200 || up.statusCode() > 299) {
            passError(res, session, up);
            return;
        }
        up.copyHeaders(res);
        if (!turn.stream()) {
            whole(res, door, turn, session, up, started);
        } else {
            stream(res, door, session, up, started);
        }
    }

    private static void whole(ServerResponse res, WireFormat door, Turn turn, GatewaySession session,
            Upstream.Answer up, long started) {
        byte[] bytes;
        try (InputStream in = up.body()) {
            bytes = Gateway.readAll(in, up.contentLength());
        } catch (IOException e) {
            String reason = "the upstream's answer broke off: " + describe(e);
            session.upstreamFailed(reason);
            throw new GatewayException(502, "api_error", "bridle gateway: " + reason);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        JsonNode parsed = Json.parseOrNull(bytes);
        if (!(parsed instanceof ObjectNode response)) {
            String reason = "the upstream answered something that is not a JSON object";
            session.upstreamFailed(reason);
            throw new GatewayException(502, "api_error", "bridle gateway: " + reason);
        }
        Reply reply;
        try {
            reply = door.reply(response);
        } catch (GatewayException e) {
            // The door refused the answer's shape (a 502 naming its rule): recorded like a stream's framing error.
            session.upstreamFailed(e.getMessage());
            throw e;
        }
        GatewaySession.Judgement j = session.judge(reply, millis);
        if (j.error().isPresent()) {
            throw j.error().get();
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (j.replace().isPresent()) {
            res.send(Json.bytes(door.message(model(turn, response), j.replace().get())));
        } else if (j.dropped().isEmpty()) {
            res.send(bytes);
        } else {
            res.send(Json.bytes(door.without(response, j.dropped().keySet(), j.notes())));
        }
    }

    private static void stream(ServerResponse res, WireFormat door, GatewaySession session,
            Upstream.Answer up, long started) {
        if (up.header("content-type").isEmpty()) {
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        }
        try (InputStream in = up.body(); OutputStream out = res.outputStream()) {
            try {
                door.relay(in, out, reply -> session.judge(reply, (System.nanoTime() - started) / 1_000_000));
            } catch (BrokenStream broken) {
                // The upstream's side broke (silence, framing); the client still listens and is told why.
                if (!broken.told()) {
                    out.write(door.streamError("bridle gateway: " + broken.getMessage()));
                    out.flush();
                }
                throw broken;
            }
        } catch (IOException | UncheckedIOException | ServerConnectionException e) {
            // Either side broke off: the upstream mid-stream, or the client stopped listening. Nothing can be told to
            // the client any more; the session records it and goes on.
            session.upstreamFailed(e instanceof BrokenStream ? e.getMessage() : "the stream broke off: " + describe(e));
        }
    }

    /** A final assistant message in the API's shape: the stop that ended the session. */
    private static void answer(ServerResponse res, WireFormat door, Turn turn, String text) {
        if (turn.stream()) {
            res.header(HeaderNames.CONTENT_TYPE, door instanceof OllamaChat ? "application/x-ndjson"
                    : "text/event-stream");
            res.send(door.messageStream(turn.model(), text));
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.bytes(door.message(turn.model(), text)));
        }
    }

    /** The upstream's error goes to the client as it came (status, body), and into the session's record. */
    private static void passError(ServerResponse res, GatewaySession session, Upstream.Answer up) {
        byte[] bytes;
        try (InputStream in = up.body()) {
            bytes = in.readNBytes(MAX_ERROR_BYTES);
        } catch (IOException e) {
            bytes = new byte[0];
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        session.upstreamFailed("the upstream answered " + up.statusCode() + ": "
                + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
        res.status(up.statusCode());
        up.copyHeaders(res);
        res.send(bytes);
    }

    private static String model(Turn turn, ObjectNode response) {
        return response.path("model").asText(turn.model());
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
