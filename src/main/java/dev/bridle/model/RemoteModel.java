package dev.bridle.model;

/**
 * A model served over HTTP by a local or remote server: Ollama or an OpenAI-compatible one (llama.cpp server, LM
 * Studio, vLLM).
 *
 * <p>The bindings use the JDK's {@link java.net.http.HttpClient} and Jackson, not LangChain4j. Bridle needs one
 * non-streaming chat call per model turn, and it needs to own what surrounds it: which failures are retried (429 and
 * 5xx only), how long {@code Retry-After} may hold a run, a hard bound on every call, a typed failure kind for the
 * harness's {@code onError} policy, the exact JSON on the wire for tests, and an API key that appears in one header
 * and nowhere else. LangChain4j's chat models wrap each of these in their own retry, timeout, logging and exception
 * layers, and would add its HTTP client and dependency tree to a desktop application that already has Jackson. Two
 * small wire mappers cost less than adapting those layers.
 *
 * <p>Every call ends within {@link ServerConfig#longestCall()}; a server that cannot be reached fails the call within
 * the connect timeout (2 s by default), without retry. Tools are offered under names the APIs accept
 * ({@link ToolNames}: {@code fs.read} as {@code fs_read}) and read back under the harness's names. A tool call naming a
 * tool that the request did not offer, or with arguments that do not match the tool's schema, fails the call.
 */
public sealed interface RemoteModel extends ModelPort, AutoCloseable permits OllamaModel, OpenAiModel {

    /** Where the model runs and how it is called. */
    ServerConfig config();

    /** Releases the HTTP client; calls in flight fail. */
    @Override
    void close();
}
