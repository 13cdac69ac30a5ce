package dev.bridle.model;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;

/** Counts tokens with JTokkit; the encoding is chosen per model binding. */
public final class TokenCounter {

    /** Per-message overhead of the chat format (role and separators), as OpenAI documents for cl100k models. */
    private static final int PER_MESSAGE = 4;

    /** Each encoding is loaded on first use (a second or so each), not when the class is. */
    private static final class Registry {
        static final com.knuddels.jtokkit.api.EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    }

    private static final class Cl100k {
        static final TokenCounter COUNTER =
                new TokenCounter(Registry.REGISTRY.getEncoding(EncodingType.CL100K_BASE));
    }

    private static final class O200k {
        static final TokenCounter COUNTER = new TokenCounter(Registry.REGISTRY.getEncoding(EncodingType.O200K_BASE));
    }

    private final Encoding encoding;

    private TokenCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    /** The {@code cl100k_base} counter, the default for local models and the mock. */
    public static TokenCounter cl100k() {
        return Cl100k.COUNTER;
    }

    /** The {@code o200k_base} counter, for the GPT-4o and o-series families. */
    public static TokenCounter o200k() {
        return O200k.COUNTER;
    }

    /**
     * The counter for a model by its name: {@code o200k_base} for the GPT-4o, GPT-4.1, GPT-5 and o-series families,
     * {@code cl100k_base} for everything else (local models' own tokenizers are not in JTokkit; cl100k is the
     * documented approximation).
     */
    public static TokenCounter forModel(String model) {
        String m = model.toLowerCase(java.util.Locale.ROOT);
        boolean o200k = m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-5")
                || m.matches("^o[1-9].*") || m.startsWith("chatgpt-4o");
        return o200k ? o200k() : cl100k();
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
