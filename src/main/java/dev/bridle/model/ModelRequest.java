package dev.bridle.model;

import java.util.List;

/**
 * What the engine sends a model: the context messages and the tools the agent may call.
 */
public record ModelRequest(String agent, List<Message> messages, List<String> tools) {
    public ModelRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }
}
