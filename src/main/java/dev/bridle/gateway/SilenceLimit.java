package dev.bridle.gateway;

import dev.bridle.gateway.GatewayConfig.Limits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The longest an upstream body may stay silent: a watched stream whose reader has waited {@link #limit()} for a byte
 * is closed, and its reader gets an {@link IOException} that names rule
 * {@value Limits#UPSTREAM_RULE}. A stalled model server then releases its session's lock instead of holding it until
 * its connection ends. One daemon thread watches every stream of a gateway.
 *
 * <p>A stream read as events ({@link #eventsOnly}) is silent until a whole event arrives ({@link #heard}), however
 * many bytes come meanwhile: SSE comments and blank lines are never written to the client, so an upstream trickling
 * {@code : keep-alive} would otherwise hold the session (and its lock) after the client hung up, for ever.
 */
final class SilenceLimit implements AutoCloseable {

    private final Duration limit;
    private final Set<Watched> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watcher;

    SilenceLimit(Duration limit) {
        this.limit = limit;
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bridle-gateway-upstream-watch");
            t.setDaemon(true);
            return t;
        });
        // A tenth of the limit: a silence is cut no later than 1.1 times the limit.
        long every = Math.clamp(limit.toMillis() / 10, 5, 1000);
        watcher.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    Duration limit() {
        return limit;
    }

    /** {@code in}, watched until it is closed. */
    InputStream watch(InputStream in) {
        Watched w = new Watched(in);
        open.add(w);
        return w;
    }

    /**
     * From now on only {@link #heard} counts as {@code in} speaking, not its bytes; for a stream that is not one this
     * limit watches, nothing.
     */
    static void eventsOnly(InputStream in) {
        if (in instanceof Watched w) {
            w.eventsOnly();
        }
    }

    /** A whole event (or NDJSON line) came from {@code in}: its silence clock starts again. */
    static void heard(InputStream in) {
        if (in instanceof Watched w) {
            w.heard();
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (Watched w : open) {
            boolean cut;
            synchronized (w) {
                // Under the stream's lock: the interrupt reaches the reader while it is still in its read, never
                // after (when it would break the thread's next write to the client instead).
                cut = w.reader != null && w.quiet + (now - w.waitingSince) > limit.toNanos();
                if (cut) {
                    w.silent = true;
                    // The JDK's response stream waits on a queue that its close does not always wake.
                    w.reader.interrupt();
                }
            }
            if (cut) {
                open.remove(w);
                try {
                    w.raw().close();
                } catch (IOException | RuntimeException e) {
                    // Closing is best effort: the interrupt has ended the wait.
                }
            }
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }

    /** A body stream with the time of its last byte and the thread that waits on it, if any. */
    private final class Watched extends FilterInputStream {
        /**
         * When the read in progress began: only time spent waiting counts, so a stream the gateway itself holds (a
         * human deciding an {@code ask}) is not cut for the upstream's silence meanwhile.
         */
        private volatile long waitingSince = System.nanoTime();
        /**
         * Time spent waiting in earlier reads since the stream last spoke (a byte, or an event when
         * {@link #events}); guarded by this stream's lock.
         */
        private long quiet;
        /** Whether only whole events count as speaking (bytes of comments and blank lines do not). */
        private boolean events;
        /** The thread in a read now; guarded by this stream's lock. */
        private Thread reader;
        private volatile boolean silent;

        Watched(InputStream in) {
            super(in);
        }

        InputStream raw() {
            return in;
        }

        @Override
        public int read() throws IOException {
            begin();
            try {
                return super.read();
            } catch (IOException | RuntimeException e) {
                throw cause(e);
            } finally {
                end();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            begin();
            try {
                return super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw cause(e);
            } finally {
                end();
            }
        }

        private synchronized void begin() throws IOException {
            if (silent) {
                throw silence();
            }
            waitingSince = System.nanoTime();
            reader = Thread.currentThread();
        }

        private synchronized void end() {
            reader = null;
            // Time waited counts towards the silence until the stream speaks: any byte, or for an event stream the
            // next whole event (heard), so a trickle of comments adds up to a silence.
            quiet = events ? quiet + (System.nanoTime() - waitingSince) : 0;
            if (silent) {
                // The watcher's interrupt was for this wait only: the thread goes on to answer the client.
                Thread.interrupted();
            }
        }

        synchronized void eventsOnly() {
            events = true;
        }

        synchronized void heard() {
            quiet = 0;
        }

        private IOException cause(Exception e) throws IOException {
            if (silent) {
                Thread.interrupted();
                return silence();
            }
            if (e instanceof IOException io) {
                return io;
            }
            throw (RuntimeException) e;
        }

        private IOException silence() {
            return new InterruptedIOException("the upstream sent nothing for " + SessionRegistry.human(limit)
                    + " (rule " + Limits.UPSTREAM_RULE + ")");
        }

        @Override
        public void close() throws IOException {
            open.remove(this);
            super.close();
        }
    }
}
