package dev.bridle.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridle.model.ToolCall;
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
 */
public record AccessRequest(
        String agent, String tool, Optional<String> path, Optional<String> host, Optional<String> command,
        String args) {

    /** The name of the shell tool; calls to it carry a {@code command}. */
    public static final String SHELL = "shell";

    private static final ObjectMapper JSON = new ObjectMapper();

    public AccessRequest {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(command, "command");
        args = args == null ? "{}" : args;
    }

    /** A request naming no resource, with empty arguments. */
    public static AccessRequest of(String agent, String tool) {
        return new AccessRequest(agent, tool, Optional.empty(), Optional.empty(), Optional.empty(), "{}");
    }

    public AccessRequest withPath(String newPath) {
        return new AccessRequest(agent, tool, Optional.ofNullable(newPath), host, command, args);
    }

    public AccessRequest withHost(String newHost) {
        return new AccessRequest(agent, tool, path, Optional.ofNullable(newHost), command, args);
    }

    public AccessRequest withCommand(String newCommand) {
        return new AccessRequest(agent, tool, path, host, Optional.ofNullable(newCommand), args);
    }

    public AccessRequest withArgs(String newArgs) {
        return new AccessRequest(agent, tool, path, host, command, newArgs);
    }

    /**
     * The request for a model's tool call: {@code path} from the string argument {@code path}, {@code host} from
     * {@code url} (its host) or {@code host}, {@code command} from {@code command} when the tool is {@value #SHELL}.
     * Arguments that are not a JSON object name no resource; a {@code url} without a host names the host
     * {@code ""}, which no host glob matches.
     */
    public static AccessRequest fromCall(String agent, ToolCall call) {
        AccessRequest request = of(agent, call.tool()).withArgs(call.args());
        JsonNode args;
        try {
            args = JSON.readTree(call.args() == null ? "{}" : call.args());
        } catch (Exception e) {
            return request;
        }
        if (args == null || !args.isObject()) {
            return request;
        }
        if (args.path("path").isTextual()) {
            request = request.withPath(args.get("path").asText());
        }
        if (args.path("url").isTextual()) {
            request = request.withHost(hostOf(args.get("url").asText()));
        } else if (args.path("host").isTextual()) {
            request = request.withHost(args.get("host").asText());
        }
        if (call.tool().equals(SHELL) && args.path("command").isTextual()) {
            request = request.withCommand(args.get("command").asText());
        }
        return request;
    }

    private static String hostOf(String url) {
        // host and port in canonical form, the port only when not the scheme's default (HttpTarget)
        return HttpTarget.hostOf(url);
    }
}
