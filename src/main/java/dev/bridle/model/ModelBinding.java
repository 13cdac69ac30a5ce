package dev.bridle.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Which model a run talks to, as the CLI's {@code --model} and the workbench write it.
 *
 * <ul>
 *   <li>{@code mock} or {@code mock:NAME}: the scripted model of a scenario
 *   <li>{@code ollama:MODEL}: Ollama at {@code http://localhost:11434}, e.g. {@code ollama:llama3.2}
 *   <li>{@code ollama:URL#MODEL}: Ollama elsewhere, e.g. {@code ollama:http://gpu-box:11434#llama3.2}
 *   <li>{@code openai:URL#MODEL}: an OpenAI-compatible server, e.g. {@code openai:http://localhost:1234/v1#qwen2.5}
 * </ul>
 *
 * <p>A binding's {@link #text()} parses back to an equal binding. Timeouts, retries and the API key variable are not
 * part of the text; they come from {@link ServerConfig} and its defaults, and {@code bridle run} sets the timeouts
 * with {@code --model-timeout} and {@code --model-connect-timeout}.
 */
public sealed interface ModelBinding {

    /** The forms a binding can take, for error messages and help texts. */
    String FORMS = "mock, ollama:MODEL, ollama:URL#MODEL or openai:URL#MODEL";

    /** The binding in its text form. */
    String text();

    /** Opens the live model of this binding; empty for the mock, whose turns come from a scenario's script. */
    default java.util.Optional<RemoteModel> live(Surroundings surroundings) {
        return switch (this) {
            case Mock m -> java.util.Optional.empty();
            case Ollama o -> java.util.Optional.of(o.open(surroundings));
            case OpenAi o -> java.util.Optional.of(o.open(surroundings));
        };
    }

    /**
     * Reads a binding.
     *
     * @throws IllegalArgumentException with a one-line message that says what is wrong and what was expected
     */
    static ModelBinding parse(String text) {
        Objects.requireNonNull(text, "text");
        String binding = text.strip();
        if (binding.isEmpty()) {
            throw new IllegalArgumentException("model binding is empty; expected " + FORMS);
        }
        int colon = binding.indexOf(':');
        String kind = colon < 0 ? binding : binding.substring(0, colon);
        String rest = colon < 0 ? null : binding.substring(colon + 1);
        return switch (kind) {
            case "mock" -> {
                if (rest != null && rest.isBlank()) {
                    throw bad(binding, "'mock:' needs a name after the colon, or write just 'mock'");
                }
                yield new Mock(rest == null ? "" : rest);
            }
            case "ollama" -> {
                if (rest == null || rest.isBlank()) {
                    throw bad(binding, "ollama needs a model: ollama:llama3.2 or ollama:http://host:11434#llama3.2");
                }
                yield rest.contains("://")
                        ? new Ollama(server(binding, rest))
                        : new Ollama(ServerConfig.of(ServerConfig.OLLAMA_URL, model(binding, rest)));
            }
            case "openai" -> {
                if (rest == null || !rest.contains("://")) {
                    throw bad(binding,
                            "openai needs the server's URL and a model: openai:http://localhost:1234/v1#qwen2.5");
                }
                yield new OpenAi(server(binding, rest));
            }
            default -> throw bad(binding, "unknown kind '" + kind + "'; expected " + FORMS);
        };
    }

    /** The scripted model; it needs a scenario's script, so the scenario runner builds it. */
    record Mock(String name) implements ModelBinding {
        public Mock {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String text() {
            return name.isEmpty() ? "mock" : "mock:" + name;
        }
    }

    /** A binding to a model behind an HTTP server. */
    sealed interface Remote extends ModelBinding {

        ServerConfig server();

        /** The binding with other timeouts, retries, key variable or options. */
        Remote with(ServerConfig server);

        /** A model port that calls the server; close it when the run is over. */
        RemoteModel open(Surroundings surroundings);

        /** A model port with the system clock, real waits and the process's environment. */
        default RemoteModel open() {
            return open(Surroundings.system());
        }
    }

    /** A model served by Ollama. */
    record Ollama(ServerConfig server) implements Remote {
        public Ollama {
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String text() {
            return server.baseUrl().equals(ServerConfig.OLLAMA_URL)
                    ? "ollama:" + server.model()
                    : "ollama:" + server.baseUrl() + "#" + server.model();
        }

        @Override
        public Ollama with(ServerConfig server) {
            return new Ollama(server);
        }

        @Override
        public OllamaModel open(Surroundings surroundings) {
            return new OllamaModel(server, surroundings);
        }
    }

    /** A model served by an OpenAI-compatible server. */
    record OpenAi(ServerConfig server) implements Remote {
        public OpenAi {
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String text() {
            return "openai:" + server.baseUrl() + "#" + server.model();
        }

        @Override
        public OpenAi with(ServerConfig server) {
            return new OpenAi(server);
        }

        @Override
        public OpenAiModel open(Surroundings surroundings) {
            return new OpenAiModel(server, surroundings);
        }
    }

    private static ServerConfig server(String binding, String urlAndModel) {
        int hash = urlAndModel.lastIndexOf('#');
        if (hash < 0) {
            throw bad(binding, "the model's name goes after the URL and a '#': URL#MODEL");
        }
        String url = urlAndModel.substring(0, hash);
        String model = model(binding, urlAndModel.substring(hash + 1));
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw bad(binding, "'" + shown(e.getInput()) + "' is not a URL (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
        try {
            return ServerConfig.of(uri, model);
        } catch (IllegalArgumentException e) {
            throw bad(binding, e.getMessage());
        }
    }

    private static String model(String binding, String model) {
        if (model.isBlank()) {
            throw bad(binding, "the model's name is missing");
        }
        if (!model.equals(model.strip()) || model.chars().anyMatch(Character::isWhitespace)) {
            throw bad(binding, "a model's name has no spaces: '" + model + "'");
        }
        return model;
    }

    private static IllegalArgumentException bad(String binding, String why) {
        return new IllegalArgumentException("model binding '" + shown(binding) + "' is malformed: " + why);
    }

    /** The binding as it may be echoed: user info in a URL (a password, a key) is masked. */
    private static String shown(String binding) {
        return binding.replaceAll("//[^/@#?]*@", "//***@");
    }
}
