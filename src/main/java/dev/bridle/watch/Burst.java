package dev.bridle.watch;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The files touched by one burst of file-system events. Editors and tools write a file in several steps (truncate,
 * write, rename a temporary file over it), so a burst is over only once no event has come for a quiet period; a
 * burst that never goes quiet (a file written continuously) is over after a longest duration anyway. Times are
 * {@link System#nanoTime()} values passed in, so that the rule can be tested without waiting.
 *
 * <p>Not thread-safe: the watch thread owns it.
 */
final class Burst {

    private final long quietNanos;
    private final long longestNanos;
    private final Set<Path> files = new LinkedHashSet<>();
    private long first;
    private long last;

    Burst(long quietNanos, long longestNanos) {
        this.quietNanos = quietNanos;
        this.longestNanos = longestNanos;
    }

    /** Records that {@code file} was touched at {@code now}. */
    void touch(Path file, long now) {
        if (files.isEmpty()) {
            first = now;
        }
        files.add(file);
        last = now;
    }

    /** How long to wait at {@code now} before the burst is over: {@code -1} when no burst is going on. */
    long waitNanos(long now) {
        if (files.isEmpty()) {
            return -1;
        }
        long end = Math.min(last + quietNanos, first + longestNanos);
        return Math.max(0, end - now);
    }

    /** The files of the burst when it is over at {@code now} (and starts a new one); empty while it goes on. */
    Set<Path> takeIfOver(long now) {
        if (files.isEmpty() || waitNanos(now) > 0) {
            return Set.of();
        }
        Set<Path> out = Set.copyOf(files);
        files.clear();
        return out;
    }
}
