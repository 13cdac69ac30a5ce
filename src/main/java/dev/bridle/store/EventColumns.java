package dev.bridle.store;

import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalInt;

/**
 * Maps an event to the filterable columns of the {@code events} table; the payload keeps the whole event. This is the
 * one place that knows which event fills which column: a new event kind adds its case here (a future
 * {@code permission.checked} fills {@code tool}, {@code effect} with {@code allow}/{@code ask}/{@code deny}, and
 * {@code rule}; the permission summary already reads those).
 */
final class EventColumns {

    /** The insert every writer uses; {@link #bind} fills it. */
    static final String INSERT = "INSERT INTO events (id, run_no, seq, at, step, kind, agent, node, tokens_in,"
            + " tokens_out, context_tokens, tool, effect, rule, payload)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Sequence numbers of one run stay below this, so that (run, seq) packs into one key. */
    static final long SEQ_LIMIT = 1L << 32;

    private EventColumns() {}

    /** The key of event {@code seq} of run number {@code runNo}: one B-tree keeps a run's events together, in order. */
    static long key(int runNo, long seq) {
        return (long) runNo * SEQ_LIMIT + seq;
    }

    /**
     * An instant as the millisecond columns store it, truncated: H2 would round {@code .9996} up to the next
     * millisecond, which can put a run's end after its last event. The payload keeps the exact instant.
     */
    static Timestamp millis(Instant t) {
        return Timestamp.from(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The context size an event reports, for the context chart. */
    static OptionalInt contextTokens(RunEvent e) {
        return e instanceof RunEvent.ModelRequested m ? OptionalInt.of(m.contextTokens()) : OptionalInt.empty();
    }

    static void bind(PreparedStatement ps, int runNo, RunEvent e) throws SQLException {
        bind(ps, runNo, e, EventJson.write(e));
    }

    /** Binds {@code e} with its payload {@code json} ({@link EventJson#write}), already written by the caller. */
    static void bind(PreparedStatement ps, int runNo, RunEvent e, String json) throws SQLException {
        if (e.seq() < 1 || e.seq() >= SEQ_LIMIT) {
            throw new IllegalArgumentException("event seq must be in 1.." + (SEQ_LIMIT - 1) + ", was " + e.seq());
        }
        Integer tokensIn = null;
        Integer tokensOut = null;
        Integer contextTokens = null;
        String tool = null;
        String effect = null;
        switch (e) {
            case RunEvent.ModelRequested m -> contextTokens = contextTokens(m).orElseThrow();
            case RunEvent.ModelResponded m -> {
                tokensIn = m.tokensIn();
                tokensOut = m.tokensOut();
            }
            case RunEvent.ToolRequested t -> tool = t.tool();
            case RunEvent.ToolCompleted t -> {
                tool = t.tool();
                effect = t.ok() ? "ok" : "error";
            }
            case RunEvent.GuardTriggered g -> effect = g.verdict();
            case RunEvent.RunEnded r -> effect = r.outcome().word();
            case RunEvent.PermissionChecked c -> {
                tool = c.tool();
                effect = c.effect();
            }
            case RunEvent.LockRefused l -> effect = l.action();
            case RunEvent.ContextCompacted c -> {}
            case RunEvent.ContextTruncated c -> {}
            case RunEvent.ApprovalAnswered a -> effect = a.approved() ? "approved" : "rejected";
            case RunEvent.ErrorHandled h -> effect = h.action();
            case RunEvent.LockAcquired l -> {}
            case RunEvent.LockWaited l -> effect = "queued";
            case RunEvent.CheckpointSaved c -> {}
            case RunEvent.CheckpointRestored c -> {}
            case RunEvent.WorkspaceChanged w -> {}
            case RunEvent.ApprovalRequested a -> {}
            case RunEvent.RunStarted r -> {}
            case RunEvent.NodeEntered n -> {}
            case RunEvent.NodeExited n -> {}
        }
        ps.setLong(1, key(runNo, e.seq()));
        ps.setInt(2, runNo);
        ps.setLong(3, e.seq());
        ps.setTimestamp(4, EventColumns.millis(e.at()));
        ps.setInt(5, e.step());
        ps.setString(6, e.kind());
        ps.setString(7, e.agent());
        ps.setString(8, e.node());
        setInt(ps, 9, tokensIn);
        setInt(ps, 10, tokensOut);
        setInt(ps, 11, contextTokens);
        ps.setString(12, tool);
        ps.setString(13, effect);
        ps.setString(14, e.rule());
        ps.setString(15, json);
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
