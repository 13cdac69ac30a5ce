package dev.bridle.policy;

import java.time.Duration;
import java.util.Locale;

/**
 * What happens when a step fails (the model cannot answer, a tool breaks, a validation check fails): retry up to
 * {@code retry} times with {@code backoff} doubling each time, then take {@code then}.
 */
public record ErrorPolicy(int retry, Duration backoff, Action then) {

    /** Fail the run at once. */
    public static final ErrorPolicy DEFAULT = new ErrorPolicy(0, Duration.ZERO, Action.STOP);

    /** The last resort once retries are spent. */
    public enum Action {
        /** Restore the last checkpoint and go on from there. */
        ROLLBACK,
        /** Pause for a human; an approval continues, a rejection stops. */
        ESCALATE,
        /** End the run as failed. */
        STOP;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
