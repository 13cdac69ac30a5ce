package dev.bridle.app.inspect;

import dev.bridle.event.RunEvent;
import dev.bridle.store.ContextBucket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The points of the context chart: the context sizes the model requests sent, per bucket of events with its largest
 * and smallest, and the size of the context at each compaction before and after it. The store's series holds what
 * each request sent, which is after any compaction, so without the compactions the curve never shows the peaks that
 * triggered them: it would stay under the budget line while the legend reports 690 tokens in a 600-token window.
 */
final class ContextPoints {

    private ContextPoints() {}

    /** A point of both curves: at event {@code seq}, the largest and the smallest context there. */
    record Point(long seq, int max, int min) {}

    /** The buckets' points and the compactions' peaks, in order of events. */
    static List<Point> of(List<ContextBucket> buckets, List<RunEvent.ContextCompacted> compactions) {
        List<Point> points = new ArrayList<>(buckets.size() + compactions.size());
        for (ContextBucket b : buckets) {
            points.add(new Point(b.lastSeq(), b.maxTokens(), b.minTokens()));
        }
        for (RunEvent.ContextCompacted c : compactions) {
            // the peak that triggered the compaction on the upper curve, what it left on the lower one
            points.add(new Point(c.seq(), c.before(), c.after()));
        }
        points.sort(Comparator.comparingLong(Point::seq));
        return points;
    }
}
