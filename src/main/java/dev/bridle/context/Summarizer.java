package dev.bridle.context;

import dev.bridle.model.Message;
import java.util.List;

/** Writes the summary that replaces compacted messages; a scripted text in scenarios, a model call otherwise. */
@FunctionalInterface
public interface Summarizer {

    String summarize(String agent, List<Message> messages) throws SummaryException;

    /** The summary could not be written; compaction falls back to dropping the oldest messages. */
    final class SummaryException extends Exception {
        public SummaryException(String message) {
            super(message);
        }
    }
}
