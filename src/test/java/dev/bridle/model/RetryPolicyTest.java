package dev.bridle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffDoublesUntilTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(30));

        assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.backoff(60)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void retryAfterIsCappedAndNeverNegative() {
        RetryPolicy policy = RetryPolicy.DEFAULT;

        assertThat(policy.retryAfter(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.retryAfter(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.retryAfter(Duration.ofSeconds(-5))).isEqualTo(Duration.ZERO);
    }

    @Test
    void negativeRetriesAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessage("maxRetries must be 0 or more, got -1");
    }
}
