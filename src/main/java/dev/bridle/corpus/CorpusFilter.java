package dev.bridle.corpus;

import dev.bridle.event.RunEvent;
import dev.bridle.export.RunJournal;
import dev.bridle.policy.Outcome;
import dev.bridle.store.RunFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which recorded runs a corpus what-if replays: {@code harness=NAME,since=WHEN,outcome=WORD}, every part optional.
 * {@code since} takes an instant ({@code 2026-12-01T00:00:00Z}), a date ({@code 2026-12-01}, UTC) or an age
 * ({@code 7d}, {@code 12h}, {@code 30m}).
 *
 * @param harness only runs of the harness of this name
 * @param outcome only runs that ended so
 * @param since only runs started at or after this instant
 */
public record CorpusFilter(Optional<String> harness, Optional<Outcome> outcome, Optional<Instant> since) {

    /** Every run. */
    public static final CorpusFilter ALL = new CorpusFilter(Optional.empty(), Optional.empty(), Optional.empty());

    private static final String OUTCOMES = Arrays.stream(Outcome.values()).map(Outcome::word)
            .collect(Collectors.joining(", "));

    /**
     * Reads {@code harness=…,since=…,outcome=…}; {@code now} anchors an age such as {@code 7d}.
     *
     * @throws IllegalArgumentException naming the part that is wrong and what it accepts
     */
    public static CorpusFilter parse(String text, Instant now) {
        CorpusFilter f = ALL;
        if (text == null || text.isBlank()) {
            return f;
        }
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 1 || eq == p.length() - 1) {
                throw new IllegalArgumentException("filter '" + p + "': expected KEY=VALUE with KEY one of harness,"
                        + " since, outcome");
            }
            String key = p.substring(0, eq).strip();
            String value = p.substring(eq + 1).strip();
            f = switch (key) {
                case "harness" -> new CorpusFilter(Optional.of(value), f.outcome, f.since);
                case "outcome" -> new CorpusFilter(f.harness, Optional.of(Outcome.ofWord(value).orElseThrow(() ->
                        new IllegalArgumentException("filter outcome=" + value + ": expected one of " + OUTCOMES))),
                        f.since);
                case "since" -> new CorpusFilter(f.harness, f.outcome, Optional.of(instant(value, now)));
                default -> throw new IllegalArgumentException("filter '" + p + "': unknown key '" + key
                        + "' (harness, since, outcome)");
            };
        }
        return f;
    }

    private static Instant instant(String value, Instant now) {
        char unit = value.charAt(value.length() - 1);
        String digits = value.substring(0, value.length() - 1);
        if ("dhm".indexOf(unit) >= 0 && !digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
            long n = Long.parseLong(digits);
            Duration age = switch (unit) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            };
            return now.minus(age);
        }
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("filter since=" + value + ": expected an instant"
                    + " (2026-12-01T00:00:00Z), a date (2026-12-01) or an age (7d, 12h, 30m)");
        }
    }

    /** The same selection as a store query, every matching run (no page limit). */
    public RunFilter toRunFilter() {
        RunFilter f = RunFilter.all().limit(Integer.MAX_VALUE);
        if (harness.isPresent()) {
            f = f.harness(harness.get());
        }
        if (outcome.isPresent()) {
            f = f.outcome(outcome.get());
        }
        if (since.isPresent()) {
            // The store filters on a half-open range; the far end is past any run's start.
            f = f.startedBetween(since.get(), Instant.parse("9999-01-01T00:00:00Z"));
        }
        return f;
    }

    /**
     * Whether a recorded file passes: its harness by the header (else by {@code run.started}), its outcome by
     * {@code run.ended} (a run without one never matches an outcome), its start by {@code run.started}.
     */
    public boolean matches(RunJournal.Recorded run) {
        Optional<RunEvent.RunStarted> start = run.events().stream().filter(e -> e instanceof RunEvent.RunStarted)
                .map(e -> (RunEvent.RunStarted) e).findFirst();
        if (harness.isPresent()) {
            String name = run.header().map(RunJournal.Header::harness).filter(h -> !h.isEmpty())
                    .orElse(start.map(RunEvent.RunStarted::harness).orElse(""));
            if (!harness.get().equals(name)) {
                return false;
            }
        }
        if (outcome.isPresent()) {
            boolean ended = run.events().stream().anyMatch(e -> e instanceof RunEvent.RunEnded r
                    && r.outcome() == outcome.get());
            if (!ended) {
                return false;
            }
        }
        return since.isEmpty() || start.map(s -> !s.at().isBefore(since.get())).orElse(false);
    }
}
