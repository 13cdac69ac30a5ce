package dev.bridle.hook;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The session's clock: while its recorded events are replayed, the time each was recorded at, so that a deadline
 * counts from the session's real start; then the live clock.
 */
final class ReplayClock extends Clock {

    private final Clock live;
    private Instant fixed;

    ReplayClock(Clock live) {
        this.live = live;
    }

    void at(Instant instant) {
        fixed = instant;
    }

    void live() {
        fixed = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant f = fixed;
        return f != null ? f : live.instant();
    }
}
