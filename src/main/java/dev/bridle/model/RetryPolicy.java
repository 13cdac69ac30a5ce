package dev.bridle.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How a binding retries a model server that answered HTTP 429 or 5xx: nothing else is retried.
 *
 * <p>The wait before retry {@code n} (1-based) is {@code firstBackoff × 2^(n-1)}, capped at {@code maxBackoff}. A 429
 * with a {@code Retry-After} header waits what the server asks, capped at {@code maxRetryAfter}. There is no jitter:
 * Bridle talks to one local server, and a run's waits should be the same every time.
 *
 * @param maxRetries retries after the first attempt; 0 means one attempt only
 * @param firstBackoff the wait before the first retry
 * @param maxBackoff the longest exponential wait
 * @param maxRetryAfter the longest wait a server's {@code Retry-After} can ask for
 */
public record RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    /** Two retries, waiting 0.5 s then 1 s; at most 8 s between attempts, and at most 30 s when a server asks. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30));

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
        }
        for (Duration d : new Duration[] {
            Objects.requireNonNull(firstBackoff, "firstBackoff"),
            Objects.requireNonNull(maxBackoff, "maxBackoff"),
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter")
        }) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("a backoff cannot be negative: " + d);
            }
        }
    }

    /** Attempts in all: the first and the retries. */
    public int attempts() {
        return maxRetries + 1;
    }

    /** The exponential wait before retry {@code retry} (1-based), capped. */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1, got " + retry);
        }
        Duration wait = firstBackoff;
        for (int i = 1; i < retry && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return min(wait, maxBackoff);
    }

    /** The wait a server's {@code Retry-After} asked for, capped at {@link #maxRetryAfter()}. */
    public Duration retryAfter(Duration asked) {
        return min(asked.isNegative() ? Duration.ZERO : asked, maxRetryAfter);
    }

    /** The longest all waits between attempts can add up to. */
    public Duration longestWaits() {
        Duration longest = maxBackoff.compareTo(maxRetryAfter) > 0 ? maxBackoff : maxRetryAfter;
        return longest.multipliedBy(maxRetries);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
