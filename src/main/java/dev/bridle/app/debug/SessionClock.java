package dev.bridle.app.debug;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of a debug session: the system clock less the time the debugger held the run paused. The engine reads its
 * deadline (the guard and the cut of a call in flight) and stamps its events by this clock, so a pause does not spend
 * the run's deadline, and the deadline meter of the state inspector stands still while the run does.
 */
final class SessionClock extends Clock {

    private final Clock system;
    private Duration held = Duration.ZERO;
    private Instant heldSince;

    SessionClock(Clock system) {
        this.system = system;
    }

    /** Stops the clock (the run has paused); a second call while stopped changes nothing. */
    synchronized void hold() {
        if (heldSince == null) {
            heldSince = system.instant();
        }
    }

    /** Starts the clock again where it stopped (the run goes on). */
    synchronized void release() {
        if (heldSince != null) {
            held = held.plus(Duration.between(heldSince, system.instant()));
            heldSince = null;
        }
    }

    @Override
    public synchronized Instant instant() {
        return (heldSince == null ? system.instant() : heldSince).minus(held);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a session clock is in UTC");
    }
}
