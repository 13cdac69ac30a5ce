package dev.bridle.store;

import dev.bridle.event.RunEvent;
import dev.bridle.policy.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that writes events into the store: it drains a bounded queue and inserts what it finds as one JDBC
 * batch and one commit.
 *
 * <p>Producers block when the queue is full, which slows the run instead of dropping events. Nothing ever interrupts
 * the writer thread, because H2 closes its file when a thread doing file I/O is interrupted: stopping is a flag and a
 * poison pill ({@link Entry.Stop}), and the thread is joined, never interrupted.
 */
final class RunWriter {

    /** How many events one commit takes at most. */
    static final int BATCH = 1024;

    /** How many entries may wait for the writer before producers block. */
    static final int QUEUE = 16_384;

    private static final long POLL_MILLIS = 100;

    private static final String FINISH_RUN = "UPDATE runs SET ended_at = ?, outcome = ?, reason = ?, rule = ?,"
            + " steps = ?, owner_pid = NULL, owner_started_at = NULL WHERE no = ?";

    /** What producers hand to the writer. */
    sealed interface Entry {
        /** One event of a run. */
        record Append(int runNo, RunEvent event) implements Entry {}

        /** The run ended: written after every event handed before it. */
        record Finish(int runNo, Instant endedAt, Outcome outcome, String reason, String rule, int steps)
                implements Entry {}

        /** Released once everything handed before it is committed (or the writer has failed). */
        record Sync(CountDownLatch committed) implements Entry {}

        /** The poison pill: write what came before, then end the thread. */
        record Stop() implements Entry {}
    }

    private final String url;
    private final Connection connection;
    private final BlockingQueue<Entry> queue;
    private final ContextBlocks blocks = new ContextBlocks();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile StoreException failure;

    RunWriter(String url, Connection connection, int capacity) {
        this.url = url;
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
        try (PreparedStatement insert = connection.prepareStatement(EventColumns.INSERT);
                PreparedStatement finish = connection.prepareStatement(FINISH_RUN)) {
            boolean stop = false;
            while (!stop) {
                batch.add(take());
                queue.drainTo(batch, BATCH - 1);
                stop = failure == null ? write(batch, insert, finish) : holdsStop(batch);
                release(batch);
                batch.clear();
            }
        } catch (SQLException e) {
            failure = new StoreException("cannot prepare the writer of " + url + ": " + e.getMessage(), e);
        } finally {
            // Release anybody still waiting, whatever happened.
            List<Entry> left = new ArrayList<>();
            queue.drainTo(left);
            release(left);
        }
    }

    private Entry take() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Nobody should interrupt this thread; if someone does, H2's channel is not touched here, so go on.
            }
        }
    }

    /** Writes one batch in one transaction; returns whether the batch held the poison pill. */
    private boolean write(List<Entry> batch, PreparedStatement insert, PreparedStatement finish) {
        boolean stop = false;
        int pending = 0;
        try {
            for (Entry entry : batch) {
                switch (entry) {
                    case Entry.Append a -> {
                        EventColumns.bind(insert, a.runNo(), a.event());
                        insert.addBatch();
                        blocks.add(a.runNo(), a.event());
                        pending++;
                    }
                    case Entry.Finish f -> {
                        if (pending > 0) {
                            insert.executeBatch();
                            pending = 0;
                        }
                        finish.setTimestamp(1, EventColumns.millis(f.endedAt()));
                        finish.setString(2, f.outcome().word());
                        finish.setString(3, f.reason());
                        finish.setString(4, f.rule());
                        finish.setInt(5, f.steps());
                        finish.setInt(6, f.runNo());
                        finish.executeUpdate();
                    }
                    case Entry.Sync s -> {}
                    case Entry.Stop s -> stop = true;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
            blocks.write(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            blocks.clear();
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the first failure is the one worth reporting
            }
            failure = new StoreException(
                    "cannot record events in " + url + ": " + RunStore.firstLine(e.getMessage()), e);
            stop = holdsStop(batch);
        }
        return stop;
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
