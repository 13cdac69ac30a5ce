package dev.bridle.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Claude Code's transcript (JSON Lines, one entry per message): the text of the last assistant message, which a
 * {@code Stop} hook does not carry itself and a completion rule may look at as the step's reply.
 */
final class Transcripts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Transcripts() {}

    static Optional<String> lastAssistantText(Optional<Path> transcript) {
        if (transcript.isEmpty() || !Files.isRegularFile(transcript.get())) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(transcript.get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty(); // the reply is a nicety for completion rules; the decision goes on without it
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            JsonNode entry;
            try {
                entry = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                continue;
            }
            if (entry == null || !"assistant".equals(entry.path("type").asText())) {
                continue;
            }
            JsonNode content = entry.path("message").path("content");
            StringBuilder text = new StringBuilder();
            if (content.isTextual()) {
                text.append(content.asText());
            }
            for (JsonNode block : content) {
                if ("text".equals(block.path("type").asText())) {
                    text.append(block.path("text").asText());
                }
            }
            if (!text.isEmpty()) {
                return Optional.of(text.toString());
            }
        }
        return Optional.empty();
    }
}
