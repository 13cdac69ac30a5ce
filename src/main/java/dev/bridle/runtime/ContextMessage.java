package dev.bridle.runtime;

import dev.bridle.model.Message;

/**
 * One message of an agent's context as the caller holds it, with the tag that the harness's {@code context.pin} can
 * name ({@code task}, a fact's name) so that compaction keeps it; an empty tag for ordinary messages.
 */
public record ContextMessage(Message message, String tag) {

    public ContextMessage {
        tag = tag == null ? "" : tag;
    }

    public static ContextMessage of(Message message) {
        return new ContextMessage(message, "");
    }

    public static ContextMessage tagged(Message message, String tag) {
        return new ContextMessage(message, tag);
    }
}
