package dev.bridle.model;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;

/** Counts tokens with JTokkit; the encoding is chosen per model binding. */
public final class TokenCounter {

    /** Per-message overhead of the chat format (role and separators), as OpenAI documents for cl100k models. */
    private static final int PER_MESSAGE = 4;

    private static final TokenCounter CL100K =
            new TokenCounter(Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE));

    private final Encoding encoding;

    private TokenCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    /** The {@code cl100k_base} counter, the default for local models and the mock. */
    public static TokenCounter cl100k() {
        return CL100K;
    }

    public int count(String text) {
        return text.isEmpty() ? 0 : encoding.countTokens(text);
    }

    /**
     * The tokens of one message: its text and, for an assistant message, its tool calls written as
     * {@code tool{args}} one per line after the text (the form the engine counted before messages carried calls).
     */
    public int count(Message message) {
        if (message.toolCalls().isEmpty()) {
            return PER_MESSAGE + count(message.content());
        }
        StringBuilder text = new StringBuilder(message.content());
        for (int i = 0; i < message.toolCalls().size(); i++) {
            text.append(i == 0 ? "" : "\n").append(message.toolCalls().get(i));
        }
        return PER_MESSAGE + count(text.toString());
    }

    public int count(List<Message> messages) {
        int total = 0;
        for (Message m : messages) {
            total += count(m);
        }
        return total;
    }
}
