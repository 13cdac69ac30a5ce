package dev.bridle.store;

import dev.bridle.event.RunEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pre-aggregated context sizes behind the context chart: per run and per block of {@value #BLOCK} sequence
 * numbers, the smallest and largest context of its model requests. Whoever inserts events folds them in here and
 * writes the blocks in the same transaction.
 */
final class ContextBlocks {

    /** Sequence numbers per block; a chart bucket narrower than this reads the events themselves. */
    static final int BLOCK = 64;

    private final String upsert;

    private record Block(int runNo, long firstSeq, long lastSeq, int min, int max, int requests) {
        Block with(long seq, int tokens) {
            return new Block(runNo, Math.min(firstSeq, seq), Math.max(lastSeq, seq), Math.min(min, tokens),
                    Math.max(max, tokens), requests + 1);
        }
    }

    private final Map<Long, Block> pending = new TreeMap<>();

    ContextBlocks(Dialect dialect) {
        this.upsert = dialect.upsertContextBlock();
    }

    /** Folds in {@code e} if it carries a context size. */
    void add(int runNo, RunEvent e) {
        EventColumns.contextTokens(e).ifPresent(tokens -> pending.merge(
                EventColumns.key(runNo, e.seq() / BLOCK),
                new Block(runNo, e.seq(), e.seq(), tokens, tokens, 1),
                (a, b) -> a.with(b.firstSeq(), b.min())));
    }

    /** Writes the folded blocks (not committing) and forgets them. */
    void write(Connection c) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            for (Map.Entry<Long, Block> e : pending.entrySet()) {
                Block b = e.getValue();
                ps.setLong(1, e.getKey());
                ps.setInt(2, b.runNo());
                ps.setLong(3, b.firstSeq());
                ps.setLong(4, b.lastSeq());
                ps.setInt(5, b.min());
                ps.setInt(6, b.max());
                ps.setInt(7, b.requests());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        pending.clear();
    }

    /** Forgets what was folded in, after a rollback. */
    void clear() {
        pending.clear();
    }
}
