package dev.bridle.store;

import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that writes events into the store: it drains a bounded queue into blocks of events
 * ({@link EventBlocks}) and groups them into commits.
 *
 * <p><b>Group commits.</b> Every commit writes an MVStore chunk to the file ({@code CHECKPOINT}), the dominant cost
 * of recording, so commits are grouped: the writer commits when somebody waits for it ({@link Entry.Sync}), when it
 * holds {@link #MAX_EVENTS} uncommitted events of bounded recordings, or {@link #MAX_DELAY_MILLIS} ms after it took the
 * oldest of them. Events of {@link Durability#END} recordings set no deadline; they are committed with the next commit
 * anybody asks for, at the latest when their run ends. After each commit the writer publishes, per recording, the
 * sequence number committed so far ({@link Progress}), which lets a recording bound how far the disk lags.
 *
 * <p>Producers block when the queue is full, which slows the run instead of dropping events. Nothing ever interrupts
 * the writer thread, because H2 closes its file when a thread doing file I/O is interrupted: stopping is a flag and a
 * poison pill ({@link Entry.Stop}), and the thread is joined, never interrupted.
 */
final class RunWriter {

    /** How many entries the writer takes from the queue at once, and how many uncommitted events force a commit. */
    static final int BATCH = 1000;

    /** How many uncommitted events of bounded recordings force a commit. */
    static final int MAX_EVENTS = BATCH;

    /** How long after taking an event of a bounded recording the writer commits it at the latest. */
    static final long MAX_DELAY_MILLIS = 25;

    /** How many entries may wait for the writer before producers block. */
    static final int QUEUE = 16_384;

    private static final long POLL_MILLIS = 100;

    /**
     * After a batch of fewer than {@link #GATHER} entries, the writer pauses this long for more to gather, instead of
     * being woken by the queue for each event a fast run hands over (one wake-up of the writer per few dozen events,
     * a system call on both sides). A waiter does not wait for the pause: {@link #sync} and {@link #stop} wake the
     * writer. Far within the commit bounds ({@link #MAX_DELAY_MILLIS}).
     */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private static final int GATHER = 256;

    private static final String FINISH_RUN = "UPDATE runs SET ended_at = ?, outcome = ?, reason = ?, rule = ?,"
            + " steps = ?, owner_pid = NULL, owner_started_at = NULL WHERE no = ?";

    /** What producers hand to the writer. */
    sealed interface Entry {
        /**
         * One event of a run. Its JSON is written here, on the writer thread: since events are stored in blocks, this
         * thread waits more than it works, and the engine's thread then hands over an immutable event and goes on
         * (its calls to the sink stay small enough for the JIT to compile them cheaply).
         */
        record Append(int runNo, RunEvent event, Progress progress) implements Entry {}

        /** The run ended: written after every event handed before it. */
        record Finish(int runNo, Instant endedAt, Outcome outcome, String reason, String rule, int steps)
                implements Entry {}

        /** Released once everything handed before it is committed (or the writer has failed). */
        record Sync(CountDownLatch committed) implements Entry {}

        /** The poison pill: write what came before, then end the thread. */
        record Stop() implements Entry {}
    }

    /** How far one recording's events are committed; written by the writer thread, read by the recording's. */
    static final class Progress {
        /** Whether this recording's events set a commit deadline (every mode but {@link Durability#END}). */
        final boolean bounded;
        /** The highest sequence number written in the open transaction (writer thread only). */
        private long written;
        private volatile long committed;

        Progress(boolean bounded) {
            this.bounded = bounded;
        }

        /** The highest sequence number of this recording known to be committed, 0 before the first commit. */
        long committed() {
            return committed;
        }
    }

    private final String url;
    private final Dialect dialect;
    private final Connection connection;
    private final BlockingQueue<Entry> queue;
    private final EventBlocks blocks;
    private final List<Integer> ended = new ArrayList<>();
    private final Thread thread;
    private final Set<Progress> touched = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Entry.Sync> waiting = new ArrayList<>();
    private PreparedStatement checkpoint;
    private int boundedPending;
    private long deadline;
    private volatile boolean stopping;
    private volatile StoreException failure;

    RunWriter(String url, Dialect dialect, Connection connection, int capacity) {
        this.url = url;
        this.dialect = dialect;
        this.blocks = new EventBlocks(dialect);
        this.connection = connection;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name("bridle-run-writer").daemon(true).unstarted(this::drain);
    }

    Connection connection() {
        return connection;
    }

    void start() {
        thread.start();
    }

    /** Hands {@code entry} to the writer, waiting while the queue is full. */
    void hand(Entry entry) {
        put(entry, true);
    }

    private void put(Entry entry, boolean checked) {
        boolean interrupted = false;
        try {
            while (true) {
                if (checked) {
                    check();
                } else if (!thread.isAlive()) {
                    return;
                }
                try {
                    if (queue.offer(entry, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    // The caller's thread is not doing I/O; keep its interrupt for later and carry on waiting.
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until everything handed so far is committed. */
    void sync() {
        CountDownLatch committed = new CountDownLatch(1);
        hand(new Entry.Sync(committed));
        LockSupport.unpark(thread); // out of a pause to gather entries, if it is in one
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (committed.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    if (!thread.isAlive()) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        StoreException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    /** Writes what is queued, then ends the thread and waits for it. Never interrupts it. */
    void stop() {
        if (!thread.isAlive()) {
            return;
        }
        stopping = true;
        put(new Entry.Stop(), false);
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void check() {
        StoreException failed = failure;
        if (failed != null) {
            throw failed;
        }
        if (stopping || thread.getState() == Thread.State.TERMINATED) {
            throw new StoreException("the run store at " + url + " is closed", null);
        }
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(BATCH);
        try (EventBlocks blocks = this.blocks;
                PreparedStatement finish = connection.prepareStatement(FINISH_RUN);
                PreparedStatement checkpoint = dialect.checkpoint().isPresent()
                        ? connection.prepareStatement(dialect.checkpoint().get()) : null) {
            this.checkpoint = checkpoint;
            boolean stop = false;
            while (!stop) {
                Entry first = next();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                boolean gather = batch.size() < GATHER && waiting.isEmpty() && !stopping;
                if (failure == null) {
                    stop = write(batch, finish);
                } else {
                    stop = holdsStop(batch);
                    release(batch);
                }
                batch.clear();
                if (gather && !stop && queue.isEmpty()) {
                    LockSupport.parkNanos(GATHER_NANOS);
                }
            }
        } catch (SQLException e) {
            failure = new StoreException(
                    "cannot prepare the writer of " + url + ": " + RunStore.firstLine(e.getMessage()), e);
        } finally {
            // Release anybody still waiting, whatever happened.
            waiting.forEach(s -> s.committed().countDown());
            waiting.clear();
            List<Entry> left = new ArrayList<>();
            queue.drainTo(left);
            release(left);
        }
    }

    /** The next entry; {@code null} when the commit deadline passed first. */
    private Entry next() {
        while (true) {
            try {
                if (deadline == 0) {
                    return queue.take();
                }
                long left = deadline - System.nanoTime();
                return left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // Nobody should interrupt this thread; if someone does, H2's channel is not touched here, so go on.
            }
        }
    }

    /**
     * Writes one batch of entries into the open transaction and commits when a commit is due; returns whether the
     * batch held the poison pill.
     */
    private boolean write(List<Entry> batch, PreparedStatement finish) {
        boolean stop = false;
        boolean commit = false;
        try {
            for (Entry entry : batch) {
                switch (entry) {
                    case Entry.Append a -> {
                        blocks.add(a.runNo(), a.event(), EventJson.write(a.event()));
                        Progress p = a.progress();
                        p.written = a.event().seq();
                        touched.add(p);
                        if (p.bounded && boundedPending++ == 0) {
                            deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MILLIS);
                        }
                    }
                    case Entry.Finish f -> {
                        ended.add(f.runNo());
                        finish.setTimestamp(1, EventColumns.millis(f.endedAt()));
                        finish.setString(2, f.outcome().word());
                        finish.setString(3, f.reason());
                        finish.setString(4, f.rule());
                        finish.setInt(5, f.steps());
                        finish.setInt(6, f.runNo());
                        finish.executeUpdate();
                        commit = true;
                    }
                    case Entry.Sync s -> {
                        waiting.add(s);
                        commit = true;
                    }
                    case Entry.Stop s -> {
                        stop = true;
                        commit = true;
                    }
                }
            }
            commit |= boundedPending >= MAX_EVENTS || (deadline != 0 && System.nanoTime() - deadline >= 0);
            if (commit) {
                commit();
            } else if (blocks.pending() >= 4 * EventBlocks.SIZE) {
                // Full blocks go to the database as they fill, so that a commit has little left to send.
                blocks.write(connection, false);
            }
        } catch (SQLException | RuntimeException e) {
            blocks.clear();
            ended.clear();
            touched.clear();
            boundedPending = 0;
            deadline = 0;
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the first failure is the one worth reporting
            }
            failure = new StoreException(
                    "cannot record events in " + url + ": " + RunStore.firstLine(e.getMessage()), e);
            stop = holdsStop(batch);
            waiting.forEach(s -> s.committed().countDown());
            waiting.clear();
            // A failure inside the batch leaves the entries after it unread: release their waiters too.
            release(batch);
        }
        return stop;
    }

    /** Commits the open transaction, then tells each recording how far it is committed and releases the waiters. */
    private void commit() throws SQLException {
        // The commit ends the blocks still filling: a committed block is never rewritten.
        blocks.write(connection, true);
        connection.commit();
        ended.forEach(blocks::forget);
        ended.clear();
        // The commit is in H2's memory; CHECKPOINT writes it to the file now, so that it survives kill -9, rather
        // than within WRITE_DELAY from H2's background thread (which must run: it is also what compacts the file).
        // PostgreSQL's commit is durable when it returns: it has no checkpoint to ask for.
        if (checkpoint != null) {
            checkpoint.execute();
        }
        for (Progress p : touched) {
            p.committed = p.written;
        }
        touched.clear();
        boundedPending = 0;
        deadline = 0;
        waiting.forEach(s -> s.committed().countDown());
        waiting.clear();
    }

    private static boolean holdsStop(List<Entry> batch) {
        return batch.stream().anyMatch(Entry.Stop.class::isInstance);
    }

    private static void release(List<Entry> entries) {
        for (Entry entry : entries) {
            if (entry instanceof Entry.Sync s) {
                s.committed().countDown();
            }
        }
    }
}
