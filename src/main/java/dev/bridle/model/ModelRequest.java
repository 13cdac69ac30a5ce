package dev.bridle.model;

import java.util.List;

/**
 * What the engine sends a model: the context messages and the tools the agent may call.
 *
 * @param agent the agent the request is for
 * @param messages the context, oldest first
 * @param tools the tools the model may call; a binding to a real model rejects a call to any other
 */
public record ModelRequest(String agent, List<Message> messages, List<ToolSpec> tools) {
    public ModelRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }
}
