package dev.bridle.gateway;

/**
 * A request the gateway answers with an error status instead of a model response: bad JSON (400), a body too large
 * (413), a missing or wrong token (401), a session stopped by a rule or a denied call (403 or 409), an upstream that
 * failed (502). The message goes back to the client in its API's error shape.
 *
 * @see WireFormat#error
 */
public final class GatewayException extends RuntimeException {

    private final int status;
    private final String type;

    public GatewayException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    /** The HTTP status the client gets. */
    public int status() {
        return status;
    }

    /** The error's type in the API's vocabulary ({@code invalid_request_error}, {@code permission_error}, …). */
    public String type() {
        return type;
    }
}
