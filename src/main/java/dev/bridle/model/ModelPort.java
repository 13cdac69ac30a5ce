package dev.bridle.model;

/**
 * The one way the engine talks to a model. Every binding (scripted mock, Ollama, OpenAI-compatible) implements it, so
 * the engine never knows which one it has.
 */
public interface ModelPort {

    /** A short description of the binding for events and the run list: {@code mock:loops-forever}. */
    String binding();

    ModelResponse respond(ModelRequest request) throws ModelException;
}
