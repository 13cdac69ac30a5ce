package dev.bridle.store;

import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/** Maps an event to the filterable columns of the {@code events} table; the payload keeps the whole event. */
final class EventColumns {

    private EventColumns() {}

    static void bind(PreparedStatement ps, String runId, RunEvent e) throws SQLException {
        Integer tokensIn = null;
        Integer tokensOut = null;
        Integer contextTokens = null;
        String tool = null;
        String effect = null;
        switch (e) {
            case RunEvent.ModelRequested m -> contextTokens = m.contextTokens();
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
            case RunEvent.ContextCompacted c -> contextTokens = c.after();
            case RunEvent.ApprovalAnswered a -> effect = a.approved() ? "approved" : "rejected";
            case RunEvent.ErrorHandled h -> effect = h.action();
            case RunEvent.LockAcquired l -> {}
            case RunEvent.CheckpointSaved c -> {}
            case RunEvent.CheckpointRestored c -> {}
            case RunEvent.ApprovalRequested a -> {}
            case RunEvent.RunStarted r -> {}
            case RunEvent.NodeEntered n -> {}
            case RunEvent.NodeExited n -> {}
        }
        ps.setString(1, runId);
        ps.setLong(2, e.seq());
        ps.setTimestamp(3, Timestamp.from(e.at()));
        ps.setInt(4, e.step());
        ps.setString(5, e.kind());
        ps.setString(6, e.agent());
        ps.setString(7, e.node());
        setInt(ps, 8, tokensIn);
        setInt(ps, 9, tokensOut);
        setInt(ps, 10, contextTokens);
        ps.setString(11, tool);
        ps.setString(12, effect);
        ps.setString(13, e.rule());
        ps.setString(14, EventJson.write(e));
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
