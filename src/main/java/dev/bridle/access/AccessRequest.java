package dev.bridle.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bridle.model.ToolCall;
import dev.bridle.policy.ToolDeclaration;
import dev.bridle.policy.ToolDeclarations;
import java.util.Objects;
import java.util.Optional;

/**
 * One tool call as the permission check sees it: who asks, for which tool, and the resources it names.
 *
 * @param agent the agent making the call
 * @param tool the tool's name, as {@code fs.read}
 * @param path the workspace-relative path as requested (normalised by the check, not here)
 * @param host the host name the call reaches, for HTTP tools
 * @param command the shell command line, for the {@value #SHELL} tool
 * @param args the call's arguments as canonical JSON text, for {@code when} conditions
 * @param unusable why the call's declared argument cannot be checked (missing, or not text); the check denies such a
 *     request by rule {@value Decision#TOOL_ARGUMENTS} before any other rule
 */
public record AccessRequest(
        String agent, String tool, Optional<String> path, Optional<String> host, Optional<String> command,
        String args, Optional<String> unusable) {

    /** The name of the built-in shell tool; calls to it carry a {@code command}. */
    public static final String SHELL = "shell";

    /**
     * Duplicate keys are refused: parsers differ on which of two {@code file_path}s wins, so the gate could check one
     * and the tool use the other.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public AccessRequest {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(unusable, "unusable");
        args = args == null ? "{}" : args;
    }

    /** A request naming no resource, with empty arguments. */
    public static AccessRequest of(String agent, String tool) {
        return new AccessRequest(agent, tool, Optional.empty(), Optional.empty(), Optional.empty(), "{}",
                Optional.empty());
    }

    public AccessRequest withPath(String newPath) {
        return new AccessRequest(agent, tool, Optional.ofNullable(newPath), host, command, args, unusable);
    }

    public AccessRequest withHost(String newHost) {
        return new AccessRequest(agent, tool, path, Optional.ofNullable(newHost), command, args, unusable);
    }

    public AccessRequest withCommand(String newCommand) {
        return new AccessRequest(agent, tool, path, host, Optional.ofNullable(newCommand), args, unusable);
    }

    public AccessRequest withArgs(String newArgs) {
        return new AccessRequest(agent, tool, path, host, command, newArgs, unusable);
    }

    /** This request, marked as one whose declared argument cannot be checked, saying why. */
    public AccessRequest withUnusable(String why) {
        return new AccessRequest(agent, tool, path, host, command, args, Optional.ofNullable(why));
    }

    /** {@link #fromCall(String, ToolCall, ToolDeclarations)} knowing the built-in tools only. */
    public static AccessRequest fromCall(String agent, ToolCall call) {
        return fromCall(agent, call, ToolDeclarations.NONE);
    }

    /**
     * The request for a model's tool call, from what the tool is declared to touch ({@link ToolDeclarations}): the
     * {@code path} from the argument it {@code reads} or {@code writes}, the {@code host} of the URL it
     * {@code fetches}, the {@code command} it {@code runs}. No other argument is ever read: a tool that is neither
     * built in nor declared, or is declared to touch nothing, names no resource and is matched by name only. When
     * the declared argument is missing (and the tool has no value for that case), is not text, or the arguments are
     * not a JSON object, the request is {@link #unusable() unusable}. A URL without a host names the host {@code ""},
     * which no host glob matches.
     */
    public static AccessRequest fromCall(String agent, ToolCall call, ToolDeclarations declarations) {
        AccessRequest request = of(agent, call.tool()).withArgs(call.args());
        Optional<ToolDeclaration> found = declarations.find(call.tool());
        if (found.isEmpty() || found.get().touch() == ToolDeclaration.Touch.NOTHING) {
            return request;
        }
        ToolDeclaration declared = found.get();
        String name = declared.argument();
        JsonNode args;
        try {
            args = JSON.readTree(call.args() == null || call.args().isBlank() ? "{}" : call.args());
        } catch (Exception e) {
            return request.withUnusable("the arguments are not JSON (or repeat a key), so '" + name
                    + "' cannot be read");
        }
        if (args == null || !args.isObject()) {
            return request.withUnusable("the arguments are not a JSON object, so '" + name + "' cannot be read");
        }
        JsonNode value = args.get(name);
        String text;
        if (value == null || value.isNull()) {
            if (declared.whenAbsent().isEmpty()) {
                return request.withUnusable("argument '" + name + "' is missing; " + call.tool() + " "
                        + declared.touch().word() + " through it");
            }
            text = declared.whenAbsent().get();
        } else if (!value.isTextual()) {
            return request.withUnusable("argument '" + name + "' is " + kind(value) + ", not text");
        } else {
            text = value.asText();
        }
        return switch (declared.touch()) {
            case READS, WRITES -> request.withPath(text);
            case FETCHES -> request.withHost(hostOf(text));
            case RUNS -> request.withCommand(text);
            case NOTHING -> request;
        };
    }

    private static String kind(JsonNode value) {
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        return value.isArray() ? "a list" : value.isObject() ? "an object" : value.getNodeType().name().toLowerCase();
    }

    private static String hostOf(String url) {
        // host and port in canonical form, the port only when not the scheme's default (HttpTarget)
        return HttpTarget.hostOf(url);
    }
}
