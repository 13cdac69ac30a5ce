package dev.bridle.model;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a model binding takes from the world outside it: the clock, how it waits, and the environment variables it
 * reads its API key from. Tests pass their own, so that nothing sleeps and no real key is read.
 *
 * @param clock measures latency and reads {@code Retry-After} dates
 * @param sleeper waits between retries
 * @param variables looks an environment variable up by name
 */
public record Surroundings(Clock clock, Sleeper sleeper, Function<String, Optional<String>> variables) {

    public Surroundings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(variables, "variables");
    }

    /** The system clock, real sleeps, and the process's environment. */
    public static Surroundings system() {
        return new Surroundings(Clock.systemUTC(), Sleeper.SYSTEM, name -> Optional.ofNullable(System.getenv(name)));
    }
}
