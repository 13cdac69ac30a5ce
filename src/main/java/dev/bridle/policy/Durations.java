package dev.bridle.policy;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as documents write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)");

    /**
     * The longest duration a document may give: the engine measures time in nanoseconds in a {@code long}, so a longer
     * one would overflow there (about 292 years).
     */
    public static final Duration MAX = Duration.ofHours(Long.MAX_VALUE / 3_600_000_000_000L);

    private Durations() {}

    /** The duration {@code text} gives, or empty when it is not one or is longer than {@link #MAX}. */
    public static Optional<Duration> parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long perUnit = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        // Digits past a long's range, or a product past it, must not wrap into a short or negative duration.
        if (m.group(1).length() > 18) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        if (n > MAX.toMillis() / perUnit) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(n * perUnit));
    }

    /** Why {@code text} is not a duration, as a problem message for the element at {@code where}. */
    static String problem(String where, String text) {
        return FORM.matcher(text.strip()).matches()
                ? where + " is " + text.strip() + ", longer than the longest duration a harness may give, "
                        + format(MAX) + " (about 292 years)"
                : where + " must be a duration such as 500ms, 30s, 5m or 1h, not '" + text + "'";
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
