package dev.bridle.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side of a real model binding: it posts one JSON body, retries HTTP 429 and 5xx with backoff, bounds every
 * attempt by the request timeout, and turns every failure into a {@link ModelException} with a one-line message.
 *
 * <p>A server that cannot be reached (connection refused, no connection within the connect timeout, an unknown host)
 * fails the call at once: unlike a 503 from a server that is up, retrying it only makes the user wait.
 *
 * <p>It uses the JDK's {@link HttpClient}, not a model SDK: see {@link RemoteModel} for why.
 */
final class ModelServer implements AutoCloseable {

    private static final int DETAIL_LENGTH = 160;

    private final ServerConfig config;
    private final Surroundings surroundings;
    private final HttpClient client;
    private final Duration connectTimeout;

    ModelServer(ServerConfig config, Surroundings surroundings) {
        this.config = config;
        this.surroundings = surroundings;
        this.connectTimeout = config.connectTimeout().compareTo(config.requestTimeout()) < 0
                ? config.connectTimeout()
                : config.requestTimeout();
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // local model servers speak HTTP/1.1; an h2c upgrade attempt only adds a failure mode
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Posts {@code body} to {@code path} under the base URL and returns the answer's JSON.
     *
     * @param bearer the API key for an {@code Authorization: Bearer} header; it is also blanked out of every message
     */
    JsonNode post(String path, JsonNode body, Optional<String> bearer) throws ModelException {
        URI uri = config.endpoint(path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CanonicalJson.text(body), StandardCharsets.UTF_8));
        bearer.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        HttpRequest request = builder.build();
        RetryPolicy retry = config.retry();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = send(request);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body(), bearer);
            }
            String detail = detail(response.body(), bearer);
            boolean retryable = status == 429 || (status >= 500 && status < 600);
            if (!retryable) {
                String hint = status == 401 || status == 403
                        ? "; the key is read from $" + config.apiKeyVariable()
                        : "";
                throw new ModelException(ModelException.Kind.REJECTED, "model request rejected (HTTP " + status + ": "
                        + detail + hint + ": " + config.baseUrl() + ")");
            }
            if (attempt >= retry.attempts()) {
                String tries = attempt == 1 ? "" : " after " + attempt + " attempts";
                throw status == 429
                        ? new ModelException(ModelException.Kind.RATE_LIMITED, "model rate-limited (HTTP 429" + tries
                                + ": " + detail + ": " + config.baseUrl() + ")")
                        : new ModelException(ModelException.Kind.SERVER_ERROR, "model server error (HTTP " + status
                                + tries + ": " + detail + ": " + config.baseUrl() + ")");
            }
            // Retry-After comes with 429, and sometimes with 503; either way the server knows best, within the cap
            Duration wait = retryAfter(response).map(retry::retryAfter).orElse(retry.backoff(attempt));
            pause(wait);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    private HttpResponse<String> send(HttpRequest request) throws ModelException {
        CompletableFuture<HttpResponse<String>> answer =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            // the request timeout of the JDK client stops at the response headers; this bounds the body too
            return answer.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw timedOut("no answer within " + words(config.requestTimeout()), e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Kind.INTERRUPTED,
                    "model call interrupted (" + config.baseUrl() + ")", e);
        } catch (ExecutionException e) {
            throw failed(e.getCause() == null ? e : e.getCause());
        }
    }

    private ModelException failed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new ModelException(ModelException.Kind.DNS, "model host not found (DNS lookup failed for "
                        + config.baseUrl().getHost() + ": " + config.baseUrl() + ")", e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                // nothing answered the connection at all: the server is not there, which a longer wait rarely cures
                return new ModelException(ModelException.Kind.UNREACHABLE, "model unreachable (no connection within "
                        + words(connectTimeout) + ": " + config.baseUrl() + ")", e);
            }
            if (t instanceof HttpTimeoutException) {
                return timedOut("no answer within " + words(config.requestTimeout()), e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                // the JDK says "Connection refused", or nothing; "No route to host" and the like are shown as they are
                String message = t.getMessage() == null ? "" : oneLine(t.getMessage()).toLowerCase(Locale.ROOT);
                String why = message.isEmpty() || message.contains("refused") ? "connection refused" : message;
                return new ModelException(ModelException.Kind.UNREACHABLE,
                        "model unreachable (" + why + ": " + config.baseUrl() + ")", e);
            }
        }
        String what = e instanceof IOException && e.getMessage() != null
                ? oneLine(e.getMessage())
                : e.getClass().getSimpleName();
        return new ModelException(ModelException.Kind.UNREACHABLE,
                "model unreachable (" + what + ": " + config.baseUrl() + ")", e);
    }

    private ModelException timedOut(String what, Throwable cause) {
        return new ModelException(ModelException.Kind.TIMEOUT,
                "model timed out (" + what + ": " + config.baseUrl() + ")", cause);
    }

    private JsonNode parse(String body, Optional<String> bearer) throws ModelException {
        try {
            return CanonicalJson.parse(body);
        } catch (CanonicalJson.JsonProblem e) {
            throw new ModelException(ModelException.Kind.MALFORMED_RESPONSE, "model answered with malformed JSON ("
                    + redact(e.getMessage(), bearer) + ": " + config.baseUrl() + ")");
        }
    }

    private void pause(Duration wait) throws ModelException {
        try {
            surroundings.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Kind.INTERRUPTED,
                    "model call interrupted (while waiting to retry: " + config.baseUrl() + ")", e);
        }
    }

    /** The wait a {@code Retry-After} header asks for: delay-seconds or an HTTP date. */
    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty() || header.get().isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofDays(1)); // more digits than a long: capped by the policy anyway
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Optional.of(Duration.between(surroundings.clock().instant(), at.toInstant()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** What an error body says, in one short line: its {@code error} or {@code error.message} when it is JSON. */
    private static String detail(String body, Optional<String> bearer) {
        if (body == null || body.isBlank()) {
            return "no body";
        }
        String text = body;
        try {
            JsonNode json = CanonicalJson.parse(body);
            JsonNode error = json.path("error");
            if (error.isTextual()) {
                text = error.asText();
            } else if (error.path("message").isTextual()) {
                text = error.path("message").asText();
            } else if (json.path("message").isTextual()) {
                text = json.path("message").asText();
            }
        } catch (CanonicalJson.JsonProblem e) {
            // not JSON: the text itself says what happened
        }
        text = oneLine(redact(text, bearer));
        return text.length() <= DETAIL_LENGTH ? text : text.substring(0, DETAIL_LENGTH) + "…";
    }

    static String redact(String text, Optional<String> secret) {
        return secret.filter(s -> !s.isEmpty()).map(s -> text.replace(s, "[redacted]")).orElse(text);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** A duration as a person writes it: {@code 500ms}, {@code 5s}, {@code 2m}. */
    static String words(Duration d) {
        long millis = d.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0 && millis > 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
