package dev.bridle.store;

import dev.bridle.event.EventJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 3.1: packs the events of a V2 store (one row each) into the blocks V3 created, rebuilds the context
 * blocks and the permission summary from them, and drops V2's {@code events}. The kinds of each run
 * ({@code run_kinds}) come later, from V4, which builds them from these blocks. In Java rather than SQL, because the
 * packing is the writer's own ({@link EventBlocks}) and SQL that H2 and PostgreSQL both accept cannot build it.
 */
final class EventBlocksMigration implements JavaMigration {

    /** Events read per query: H2 buffers a whole result set, and a store can hold millions. */
    private static final int CHUNK = 5_000;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("3.1");
    }

    @Override
    public String getDescription() {
        return "pack events into blocks";
    }

    @Override
    public Integer getChecksum() {
        // Flyway compares it on every open; the packing's code is this class, whose version says what it does.
        return 31;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        Dialect dialect = Dialect.of(c.getMetaData().getURL());
        try (Statement s = c.createStatement()) {
            // Rebuilt below from the same events, so that they match the blocks exactly.
            s.executeUpdate("DELETE FROM context_blocks");
        }
        try (EventBlocks blocks = EventBlocks.withoutRunKinds(dialect);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, run_no, kind, payload FROM events WHERE id > ? ORDER BY id LIMIT " + CHUNK)) {
            long after = -1;
            while (true) {
                ps.setLong(1, after);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getLong(1);
                        String kind = rs.getString(3);
                        String payload = rs.getString(4);
                        // The payload stays as V2 stored it: the migration loses nothing.
                        blocks.add(rs.getInt(2), EventJson.read(kind, payload), payload);
                    }
                }
                blocks.write(c, false);
                if (rows < CHUNK) {
                    break;
                }
            }
            blocks.write(c, true);
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE events");
        }
    }
}
