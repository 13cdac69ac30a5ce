package dev.bridle.model;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a real model runs and how Bridle calls it: the server's base URL, the model's name, the timeouts, the retries,
 * and the name of the environment variable that holds the API key.
 *
 * <p>The record holds the variable's name, never the key, so printing a configuration can never show a key. Every
 * call ends within {@link #longestCall()}.
 *
 * @param baseUrl the server, {@code http://localhost:11434} for Ollama or {@code http://localhost:1234/v1} for an
 *     OpenAI-compatible one; without a trailing slash, user info, query or fragment
 * @param model the model's name as the server knows it, {@code llama3.2}
 * @param connectTimeout the longest wait for a connection
 * @param requestTimeout the longest wait for one attempt's whole answer, connection included
 * @param retry how HTTP 429 and 5xx are retried
 * @param apiKeyVariable the environment variable with the API key ({@code OPENAI_API_KEY}); when it is unset or empty,
 *     no {@code Authorization} header is sent. Ollama ignores it.
 * @param options extra model options as canonical JSON object text ({@code {"temperature":0}}): Ollama's
 *     {@code options}, top-level fields for OpenAI-compatible servers; {@code {}} for none
 */
public record ServerConfig(
        URI baseUrl,
        String model,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        String apiKeyVariable,
        String options) {

    public static final URI OLLAMA_URL = URI.create("http://localhost:11434");
    /**
     * A server on the same machine or network connects in milliseconds; one that has not within 2 s is not there, and
     * the run should say so rather than wait.
     */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Local models on a laptop CPU can take a minute or more for one answer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    public static final String API_KEY_VARIABLE = "OPENAI_API_KEY";

    public ServerConfig {
        baseUrl = checkedBase(Objects.requireNonNull(baseUrl, "baseUrl"));
        Objects.requireNonNull(model, "model");
        if (model.isBlank() || !model.equals(model.strip()) || model.contains("#")) {
            throw new IllegalArgumentException("a model name must be non-empty, without spaces around it or '#': '"
                    + model + "'");
        }
        requirePositive(Objects.requireNonNull(connectTimeout, "connectTimeout"), "connectTimeout");
        requirePositive(Objects.requireNonNull(requestTimeout, "requestTimeout"), "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(apiKeyVariable, "apiKeyVariable");
        if (!apiKeyVariable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + apiKeyVariable + "' is not an environment variable name");
        }
        try {
            options = CanonicalJson.text(CanonicalJson.parseObject(options == null ? "{}" : options));
        } catch (CanonicalJson.JsonProblem e) {
            throw new IllegalArgumentException("model options must be a JSON object (" + e.getMessage() + ")");
        }
    }

    /** {@code model} at {@code baseUrl} with the default timeouts, retries and key variable, and no options. */
    public static ServerConfig of(URI baseUrl, String model) {
        return new ServerConfig(
                baseUrl, model, CONNECT_TIMEOUT, REQUEST_TIMEOUT, RetryPolicy.DEFAULT, API_KEY_VARIABLE, "{}");
    }

    public ServerConfig withTimeouts(Duration connect, Duration request) {
        return new ServerConfig(baseUrl, model, connect, request, retry, apiKeyVariable, options);
    }

    public ServerConfig withRetry(RetryPolicy policy) {
        return new ServerConfig(baseUrl, model, connectTimeout, requestTimeout, policy, apiKeyVariable, options);
    }

    public ServerConfig withApiKeyVariable(String name) {
        return new ServerConfig(baseUrl, model, connectTimeout, requestTimeout, retry, name, options);
    }

    public ServerConfig withOptions(String json) {
        return new ServerConfig(baseUrl, model, connectTimeout, requestTimeout, retry, apiKeyVariable, json);
    }

    /**
     * The longest one {@code respond} call can take: every attempt's request timeout plus the longest waits between
     * them. A call that has not ended by then has a bug.
     */
    public Duration longestCall() {
        return requestTimeout.multipliedBy(retry.attempts()).plus(retry.longestWaits());
    }

    /** The endpoint {@code path} ({@code /api/chat}) under the base URL. */
    URI endpoint(String path) {
        return URI.create(baseUrl + path);
    }

    private static URI checkedBase(URI url) {
        if (url.getRawUserInfo() != null) {
            // the URL ends up in events and messages, and a password in it would too; so it is not echoed here
            throw new IllegalArgumentException(
                    "a model server URL must not hold user info; put the API key in an environment variable");
        }
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("a model server URL starts with http:// or https://: '" + url + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("a model server URL needs a host: '" + url + "'");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("a model server URL has no query or fragment: '" + url + "'");
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
