package dev.bridle.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.function.Function;

/** Placeholder door for /v1/responses. */
public final class OpenAiResponses implements WireFormat {

    @Override
    public String name() {
        return "openai-responses";
    }

    @Override
    public String path() {
        return "/v1/responses";
    }

    @Override
    public Turn read(ObjectNode request) {
        throw new GatewayException(501, "api_error", "bridle gateway: /v1/responses is not served yet");
    }

    @Override
    public void elide(ObjectNode request, Set<Integer> indexes, String marker) {}

    @Override
    public void inject(ObjectNode request, String text) {}

    @Override
    public Reply reply(JsonNode response) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode without(ObjectNode response, Set<String> dropped, String notes) {
        return response;
    }

    @Override
    public ObjectNode message(String model, String text) {
        return new OpenAiChat().message(model, text);
    }

    @Override
    public byte[] messageStream(String model, String text) {
        return new OpenAiChat().messageStream(model, text);
    }

    @Override
    public ObjectNode error(String type, String message) {
        return new OpenAiChat().error(type, message);
    }

    @Override
    public String[] keyHeader(String key) {
        return new String[] {"Authorization", "Bearer " + key};
    }

    @Override
    public Reply relay(InputStream upstream, OutputStream client, Function<Reply, GatewaySession.Judgement> judge) {
        throw new UnsupportedOperationException();
    }
}
