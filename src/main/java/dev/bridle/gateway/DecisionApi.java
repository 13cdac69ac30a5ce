package dev.bridle.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.model.Message;
import dev.bridle.runtime.ContextMessage;
import dev.bridle.runtime.Decision;
import dev.bridle.runtime.StepReport;
import dev.bridle.runtime.ToolOutcome;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision API: the gateway's decisions for frameworks that offer hooks instead of a base URL. The agent's own
 * code asks before each model call ({@code POST /v1/decide/model-call}), before each tool call
 * ({@code /v1/decide/tool-call}) and after each step ({@code /v1/decide/step}); the session, named by
 * {@code X-Bridle-Session}, is the same kind of run as a proxied one, with the same events, and an {@code ask} is held
 * until someone answers it through the approvals endpoint, as in the proxy. Every answer is
 * {@code {"decision": "allow|deny|stop|complete|warn|nudge", "rule": …, "reason": …, "session": …, "run": …}}.
 */
final class DecisionApi {

    static final String PREFIX = "/v1/decide";

    private final Gateway gateway;

    DecisionApi(Gateway gateway) {
        this.gateway = gateway;
    }

    void routes(HttpRouting.Builder r) {
        r.post(PREFIX + "/tool-call", (req, res) -> handle(req, res, this::toolCall));
        r.post(PREFIX + "/model-call", (req, res) -> handle(req, res, this::modelCall));
        r.post(PREFIX + "/step", (req, res) -> handle(req, res, this::step));
    }

    /** One endpoint's work on a session, given the request's JSON. */
    private interface Action {
        Decision decide(GatewaySession session, ObjectNode body);
    }

    private void handle(ServerRequest req, ServerResponse res, Action action) {
        try {
            gateway.authorize(req);
            ObjectNode body = Json.object(gateway.body(req));
            String id = Gateway.header(req, SessionRegistry.HEADER).filter(s -> !s.isBlank())
                    .orElseThrow(() -> new GatewayException(400, "invalid_request_error",
                            "the decision API needs the session in the " + SessionRegistry.HEADER + " header"));
            Optional<SessionRegistry.Ended> gone = gateway.sessions().forgotten(id);
            if (gone.isPresent()) {
                // A hook asks again after its session was ended and forgotten: the answer is the same stop.
                ObjectNode out = Json.MAPPER.createObjectNode().put("decision", "stop").put("rule", gone.get().rule())
                        .put("reason", gone.get().reason()).put("session", id);
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send(Json.bytes(out));
                return;
            }
            GatewaySession session = gateway.sessions().acquire(id,
                    Gateway.header(req, SessionRegistry.AGENT_HEADER), body.path("model").asText("decision-api"));
            Decision d;
            try {
                d = session.ended().isPresent() ? null : action.decide(session, body);
            } finally {
                session.unlock();
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            if (d == null) {
                String reason = session.ended().orElse("the session has ended");
                out.put("decision", "stop").put("rule", "session.ended").put("reason", reason);
            } else {
                out.put("decision", word(d)).put("rule", d.rule());
                reason(d).ifPresent(r -> out.put("reason", r));
                if (d instanceof Decision.Nudge n) {
                    out.put("message", n.message());
                }
            }
            out.put("session", session.id()).put("run", session.runId());
            session.flush();
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.bytes(out));
        } catch (GatewayException e) {
            Gateway.fail(res, null, e);
        }
    }

    private Decision toolCall(GatewaySession session, ObjectNode body) {
        String tool = required(body, "tool");
        JsonNode args = body.path("args");
        String argsJson = args.isMissingNode() || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
        return session.decideToolCall(tool, argsJson);
    }

    private Decision modelCall(GatewaySession session, ObjectNode body) {
        if (body.has("messages")) {
            List<ContextMessage> context = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                String role = m.path("role").asText("user");
                String content = Json.text(m.path("content"));
                context.add(ContextMessage.of(switch (role) {
                    case "system" -> Message.system(content);
                    case "assistant" -> Message.assistant(content);
                    default -> Message.user(content);
                }));
            }
            return session.decideModelCall(context);
        }
        if (!body.path("contextTokens").canConvertToInt()) {
            throw new GatewayException(400, "invalid_request_error",
                    "a model-call decision needs 'messages' (role, content) or 'contextTokens'");
        }
        return session.decideModelCall(body.path("contextTokens").asInt());
    }

    private Decision step(GatewaySession session, ObjectNode body) {
        List<ToolOutcome> outcomes = new ArrayList<>();
        for (JsonNode c : body.path("toolCalls")) {
            if (!(c instanceof ObjectNode call)) {
                throw new GatewayException(400, "invalid_request_error",
                        "each of 'toolCalls' is an object: {tool, args, ok, output}");
            }
            String tool = required(call, "tool");
            JsonNode args = c.path("args");
            String argsJson = args.isMissingNode() ? "{}" : args.isTextual() ? args.asText() : args.toString();
            String output = Json.text(c.path("output"));
            outcomes.add(c.path("ok").asBoolean(true) ? ToolOutcome.ok(tool, argsJson, output)
                    : ToolOutcome.error(tool, argsJson, output));
        }
        return session.decideStep(new StepReport(body.path("tokensIn").asInt(0), body.path("tokensOut").asInt(0),
                body.path("reply").asText(""), outcomes, Map.of()));
    }

    private static String required(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new GatewayException(400, "invalid_request_error", "the request needs '" + field + "' (a string)");
        }
        return v.asText();
    }

    private static String word(Decision d) {
        return switch (d) {
            case Decision.Allow a -> "allow";
            case Decision.Warn w -> "warn";
            case Decision.Nudge n -> "nudge";
            case Decision.Deny x -> "deny";
            case Decision.Ask q -> "ask";
            case Decision.Stop s -> "stop";
            case Decision.Complete c -> "complete";
        };
    }

    private static Optional<String> reason(Decision d) {
        return switch (d) {
            case Decision.Warn w -> Optional.of(w.detail());
            case Decision.Deny x -> Optional.of(x.reason());
            case Decision.Ask q -> Optional.of(q.question());
            case Decision.Stop s -> Optional.of(s.reason());
            default -> Optional.empty();
        };
    }
}
