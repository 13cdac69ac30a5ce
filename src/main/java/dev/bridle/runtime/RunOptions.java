package dev.bridle.runtime;

import dev.bridle.context.Summarizer;
import dev.bridle.event.EventSink;
import dev.bridle.model.TokenCounter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * How a run in production is set up: the workspace folder that file paths are checked against (real paths, no
 * escape through {@code ../} or symlinks), where its events go, its clock, who writes summaries when the context is
 * summarized, how tokens are counted, and the model's name for the record.
 */
public record RunOptions(Optional<Path> workspace, EventSink events, Clock clock, Summarizer summarizer,
        TokenCounter tokens, String model) {

    /** No workspace, events dropped, the system clock, no summarizer (compaction then drops the oldest), cl100k. */
    public static RunOptions defaults() {
        return new RunOptions(Optional.empty(), EventSink.none(), Clock.systemUTC(),
                (agent, messages) -> {
                    throw new Summarizer.SummaryException("no summarizer was given to the runtime");
                },
                TokenCounter.cl100k(), "runtime");
    }

    public RunOptions withWorkspace(Path folder) {
        return new RunOptions(Optional.of(folder), events, clock, summarizer, tokens, model);
    }

    /** Records every event; pass a {@code RunStore} recording to keep the run in the workbench's H2 store. */
    public RunOptions withEvents(EventSink sink) {
        return new RunOptions(workspace, sink, clock, summarizer, tokens, model);
    }

    public RunOptions withClock(Clock c) {
        return new RunOptions(workspace, events, c, summarizer, tokens, model);
    }

    public RunOptions withSummarizer(Summarizer s) {
        return new RunOptions(workspace, events, clock, s, tokens, model);
    }

    /** Counts context tokens with {@code counter} (the tokenizer that fits the model, {@code TokenCounter.forModel}). */
    public RunOptions withTokens(TokenCounter counter) {
        return new RunOptions(workspace, events, clock, summarizer, counter, model);
    }

    public RunOptions withModel(String name) {
        return new RunOptions(workspace, events, clock, summarizer, tokens, name);
    }
}
