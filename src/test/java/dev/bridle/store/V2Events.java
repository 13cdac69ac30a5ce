package dev.bridle.store;

import dev.bridle.event.EventJson;
import dev.bridle.event.RunEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Writes events as schema version 2 stored them, one row each, for the tests of the migration to blocks. */
final class V2Events {

    static final String INSERT = "INSERT INTO events (id, run_no, seq, at, step, kind, agent, node, tokens_in,"
            + " tokens_out, context_tokens, tool, effect, rule, payload)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private V2Events() {}

    static void bind(PreparedStatement ps, int runNo, RunEvent e) throws SQLException {
        ps.setLong(1, EventColumns.key(runNo, e.seq()));
        ps.setInt(2, runNo);
        ps.setLong(3, e.seq());
        ps.setTimestamp(4, EventColumns.millis(e.at()));
        ps.setInt(5, e.step());
        ps.setString(6, e.kind());
        ps.setString(7, e.agent());
        ps.setString(8, e.node());
        if (e instanceof RunEvent.ModelResponded m) {
            ps.setInt(9, m.tokensIn());
            ps.setInt(10, m.tokensOut());
        } else {
            ps.setNull(9, Types.INTEGER);
            ps.setNull(10, Types.INTEGER);
        }
        if (e instanceof RunEvent.ModelRequested m) {
            ps.setInt(11, m.contextTokens());
        } else {
            ps.setNull(11, Types.INTEGER);
        }
        ps.setString(12, EventColumns.tool(e));
        ps.setString(13, EventColumns.effect(e));
        ps.setString(14, e.rule());
        ps.setString(15, EventJson.write(e));
    }
}
