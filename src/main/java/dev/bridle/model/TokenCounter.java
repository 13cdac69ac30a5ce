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

    public int count(Message message) {
        return PER_MESSAGE + count(message.content());
    }

    public int count(List<Message> messages) {
        int total = 0;
        for (Message m : messages) {
            total += count(m);
        }
        return total;
    }
}
