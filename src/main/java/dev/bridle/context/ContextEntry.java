package dev.bridle.context;

import dev.bridle.model.Message;

/**
 * One message of an agent's context, with its token count and the tag that pins can name ({@code task}, a fact's
 * name, or empty).
 */
public record ContextEntry(Message message, String tag, int tokens, boolean pinned) {}
