package dev.bridle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelBindingTest {

    @Test
    void mockIsTheScriptedModel() {
        assertThat(ModelBinding.parse("mock")).isEqualTo(new ModelBinding.Mock(""));
        assertThat(ModelBinding.parse("mock:loops-forever")).isEqualTo(new ModelBinding.Mock("loops-forever"));
    }

    @Test
    void ollamaWithAModelNameUsesTheLocalServer() {
        ModelBinding binding = ModelBinding.parse("ollama:llama3.2");

        assertThat(binding).isInstanceOfSatisfying(ModelBinding.Ollama.class, o -> {
            assertThat(o.server().baseUrl()).isEqualTo(URI.create("http://localhost:11434"));
            assertThat(o.server().model()).isEqualTo("llama3.2");
            assertThat(o.server().retry()).isEqualTo(RetryPolicy.DEFAULT);
            assertThat(o.server().requestTimeout()).isEqualTo(Duration.ofSeconds(120));
        });
    }

    @Test
    void ollamaModelNamesMayHaveTagsAndNamespaces() {
        assertThat(((ModelBinding.Ollama) ModelBinding.parse("ollama:library/qwen2.5:7b-instruct")).server().model())
                .isEqualTo("library/qwen2.5:7b-instruct");
    }

    @Test
    void ollamaOnAnotherHostTakesUrlAndModel() {
        ModelBinding.Ollama binding = (ModelBinding.Ollama) ModelBinding.parse("ollama:http://gpu-box:11434/#llama3.2");

        assertThat(binding.server().baseUrl()).isEqualTo(URI.create("http://gpu-box:11434"));
        assertThat(binding.server().model()).isEqualTo("llama3.2");
    }

    @Test
    void openAiCompatibleTakesUrlAndModel() {
        ModelBinding.OpenAi binding =
                (ModelBinding.OpenAi) ModelBinding.parse("openai:http://localhost:1234/v1#qwen2.5");

        assertThat(binding.server().baseUrl()).isEqualTo(URI.create("http://localhost:1234/v1"));
        assertThat(binding.server().model()).isEqualTo("qwen2.5");
        assertThat(binding.server().apiKeyVariable()).isEqualTo("OPENAI_API_KEY");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mock", "mock:runaway", "ollama:llama3.2", "ollama:http://127.0.0.1:9999#llama3.2",
        "openai:http://localhost:1234/v1#qwen2.5", "openai:https://models.example.org/v1#gpt-oss:20b"
    })
    void textParsesBackToTheSameBinding(String text) {
        ModelBinding binding = ModelBinding.parse(text);

        assertThat(binding.text()).isEqualTo(text);
        assertThat(ModelBinding.parse(binding.text())).isEqualTo(binding);
    }

    @Test
    void ollamaAtTheDefaultUrlIsWrittenShort() {
        assertThat(ModelBinding.parse("ollama:http://localhost:11434#llama3.2").text()).isEqualTo("ollama:llama3.2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|model binding is empty; expected mock, ollama:MODEL, ollama:URL#MODEL or openai:URL#MODEL",
        "gpt4|model binding 'gpt4' is malformed: unknown kind 'gpt4'; expected mock, ollama:MODEL, ollama:URL#MODEL"
                + " or openai:URL#MODEL",
        "anthropic:claude|model binding 'anthropic:claude' is malformed: unknown kind 'anthropic'; expected mock,"
                + " ollama:MODEL, ollama:URL#MODEL or openai:URL#MODEL",
        "mock:|model binding 'mock:' is malformed: 'mock:' needs a name after the colon, or write just 'mock'",
        "ollama:|model binding 'ollama:' is malformed: ollama needs a model: ollama:llama3.2 or"
                + " ollama:http://host:11434#llama3.2",
        "ollama:http://localhost:11434|model binding 'ollama:http://localhost:11434' is malformed: the model's name"
                + " goes after the URL and a '#': URL#MODEL",
        "ollama:http://localhost:11434#|model binding 'ollama:http://localhost:11434#' is malformed: the model's"
                + " name is missing",
        "openai:qwen2.5|model binding 'openai:qwen2.5' is malformed: openai needs the server's URL and a model:"
                + " openai:http://localhost:1234/v1#qwen2.5",
        "openai:ftp://files:21#m|model binding 'openai:ftp://files:21#m' is malformed: a model server URL starts"
                + " with http:// or https://: 'ftp://files:21'",
        "openai:http://local host/v1#m|model binding 'openai:http://local host/v1#m' is malformed: 'http://local"
                + " host/v1' is not a URL (Illegal character in authority at index 12)",
        "openai:http://localhost:1234/v1?x=1#m|model binding 'openai:http://localhost:1234/v1?x=1#m' is malformed:"
                + " a model server URL has no query or fragment: 'http://localhost:1234/v1?x=1'",
        "ollama:my model|model binding 'ollama:my model' is malformed: a model's name has no spaces: 'my model'"
    })
    void malformedBindingsSayWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> ModelBinding.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void credentialsInAUrlAreRefusedWithoutBeingEchoed() {
        assertThatThrownBy(() -> ModelBinding.parse("openai:http://user:sk-secret@localhost:1234/v1#qwen2.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model binding 'openai:http://***@localhost:1234/v1#qwen2.5' is malformed: a model server"
                        + " URL must not hold user info; put the API key in an environment variable")
                .message().doesNotContain("sk-secret");
    }

    @Test
    void configurationCarriesTheKeyVariableNameNotTheKey() {
        ServerConfig config = ServerConfig.of(URI.create("http://localhost:1234/v1"), "qwen2.5")
                .withApiKeyVariable("LMSTUDIO_KEY");

        assertThat(config.toString()).contains("LMSTUDIO_KEY");
        assertThatThrownBy(() -> config.withApiKeyVariable("sk-not-a-name"))
                .hasMessage("'sk-not-a-name' is not an environment variable name");
    }

    @Test
    void remoteBindingsOpenTheirModel() {
        ModelBinding.Remote ollama = (ModelBinding.Remote) ModelBinding.parse("ollama:llama3.2");
        ModelBinding.Remote openAi = (ModelBinding.Remote) ModelBinding.parse("openai:http://localhost:1234/v1#q");

        try (RemoteModel a = ollama.open(Fakes.quiet().surroundings);
                RemoteModel b = openAi.open(Fakes.quiet().surroundings)) {
            assertThat(a).isInstanceOf(OllamaModel.class);
            assertThat(a.binding()).isEqualTo("ollama:llama3.2");
            assertThat(b).isInstanceOf(OpenAiModel.class);
            assertThat(b.binding()).isEqualTo("openai:http://localhost:1234/v1#q");
        }
    }

    @Test
    void remoteBindingKeepsItsTextWhenTimeoutsChange() {
        ModelBinding.Remote binding = (ModelBinding.Remote) ModelBinding.parse("ollama:llama3.2");

        ModelBinding.Remote slower = binding.with(binding.server().withTimeouts(Duration.ofSeconds(1),
                Duration.ofMinutes(10)));

        assertThat(slower.text()).isEqualTo("ollama:llama3.2");
        assertThat(slower.server().longestCall()).isEqualTo(Duration.ofSeconds(3 * 600 + 2 * 30));
    }
}
