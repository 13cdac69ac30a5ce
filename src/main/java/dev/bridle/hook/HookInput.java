package dev.bridle.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One Claude Code hook call as it arrives on standard input: the fields every hook gets ({@code session_id},
 * {@code cwd}, {@code hook_event_name}, {@code transcript_path}) and those of {@code PreToolUse}, {@code PostToolUse}
 * ({@code tool_name}, {@code tool_input}, {@code tool_response}) and {@code Stop} ({@code stop_hook_active}).
 *
 * @param event {@code PreToolUse}, {@code PostToolUse}, {@code Stop}, or another event this hook has no opinion on
 * @param cwd the folder Claude Code works in: the workspace whose real paths the permission checks use
 * @param toolInput the tool's arguments as Claude Code gives them (file paths are absolute); missing for Stop
 */
public record HookInput(String event, String sessionId, Path cwd, Optional<Path> transcript, String toolName,
        JsonNode toolInput, JsonNode toolResponse, boolean stopHookActive) {

    /** Reads a hook's JSON, or says in one line which field is missing or of the wrong kind. */
    public static HookInput of(JsonNode json) throws HookException {
        if (json == null || !json.isObject()) {
            throw new HookException("the hook's input is not a JSON object");
        }
        String event = text(json, "hook_event_name");
        String session = text(json, "session_id");
        if (session.isBlank()) {
            throw new HookException("the hook's input has an empty session_id");
        }
        String cwd = text(json, "cwd");
        Path folder;
        try {
            folder = Path.of(cwd).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new HookException("the hook's cwd is not a path: " + cwd);
        }
        Optional<Path> transcript = json.hasNonNull("transcript_path") && json.get("transcript_path").isTextual()
                ? Optional.of(Path.of(json.get("transcript_path").asText())) : Optional.empty();
        boolean tool = event.equals("PreToolUse") || event.equals("PostToolUse");
        String toolName = tool ? text(json, "tool_name") : "";
        JsonNode input = json.path("tool_input");
        if (tool && !input.isObject()) {
            throw new HookException("the hook's input has no tool_input object");
        }
        return new HookInput(event, session, folder, transcript, toolName, input,
                json.has("tool_response") ? json.get("tool_response") : MissingNode.getInstance(),
                json.path("stop_hook_active").asBoolean(false));
    }

    private static String text(JsonNode json, String field) throws HookException {
        JsonNode v = json.get(field);
        if (v == null || !v.isTextual()) {
            throw new HookException("the hook's input has no " + field + " (a string)");
        }
        return v.asText();
    }
}
