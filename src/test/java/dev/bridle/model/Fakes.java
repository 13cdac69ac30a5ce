package dev.bridle.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Surroundings for tests: a fixed clock, a sleeper that records instead of sleeping, and a given environment. */
final class Fakes {

    static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    final Surroundings surroundings;

    private Fakes(Map<String, String> environment) {
        surroundings = new Surroundings(
                Clock.fixed(NOW, ZoneOffset.UTC), waits::add, name -> Optional.ofNullable(environment.get(name)));
    }

    static Fakes withEnvironment(Map<String, String> environment) {
        return new Fakes(environment);
    }

    static Fakes quiet() {
        return new Fakes(Map.of());
    }
}
