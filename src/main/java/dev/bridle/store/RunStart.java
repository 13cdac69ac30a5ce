package dev.bridle.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store records about a run before its first event.
 *
 * @param id the run's id, unique in the store
 * @param harness the harness name
 * @param harnessDigest SHA-256 of the harness document, so a run can be matched to its harness version
 * @param model the model binding, as {@code mock:loops-forever}
 * @param startedAt when the run started, from the run's clock
 */
public record RunStart(String id, String harness, String harnessDigest, String model, Instant startedAt) {
    public RunStart {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(harness, "harness");
        Objects.requireNonNull(harnessDigest, "harnessDigest");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
