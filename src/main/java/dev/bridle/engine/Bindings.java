package dev.bridle.engine;

import dev.bridle.context.Summarizer;
import dev.bridle.model.ModelPort;
import dev.bridle.model.TokenCounter;
import dev.bridle.tool.ToolPort;
import java.time.Clock;
import java.time.Duration;

/**
 * What a run is bound to: the model, the tools, the permission gate, who answers questions, who writes summaries, the
 * clock and how waiting is done. Everything that could make a run non-deterministic comes in here.
 */
public record Bindings(
        ModelPort model,
        ToolPort tools,
        ToolGate gate,
        Approver approver,
        Summarizer summarizer,
        Clock clock,
        TokenCounter tokens,
        Pause pause) {

    /** Waits between retries. Scenario runs record the wait without sleeping. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d);

        /** Records nothing and returns at once: runs stay fast and deterministic. */
        static Pause none() {
            return d -> {};
        }

        /** Really sleeps; for live models. */
        static Pause sleeping() {
            return d -> {
                try {
                    Thread.sleep(d.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }
}
