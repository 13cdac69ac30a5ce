package dev.bridle.store;

import dev.bridle.event.RunEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Packs the events of runs into blocks on their way into the store ({@code event_blocks}, {@code event_block_lines},
 * see {@code V3__event_blocks.sql}), and keeps the per-run aggregates the reads need (the context chart's
 * {@link ContextBlocks}, the permission summary, the kinds each run holds in {@code run_kinds}) in the same
 * transaction. Whoever inserts events (the writer thread, an import, the V3 migration) adds them here and calls
 * {@link #write} before committing.
 *
 * <p>A block holds up to {@value #SIZE} consecutive events of one run, all within {@value #SIZE} sequence numbers of
 * its first. {@link #write write(c, true)} also writes the blocks still filling, so a commit ends them: a committed
 * block is never rewritten, and the run's next event starts a new one.
 */
final class EventBlocks implements AutoCloseable {

    /** Events per block at most, and the span of sequence numbers a block stays within. */
    static final int SIZE = 64;

    /** The delimiter of the summaries' lists. */
    static final char BAR = '|';

    private static final String INSERT_BLOCK = "INSERT INTO event_blocks (id, run_no, first_seq, last_seq, events,"
            + " last_at, last_step, kinds, agents, nodes, tools, effects, rules, contexts)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_LINES = "INSERT INTO event_block_lines (id, lines) VALUES (?, ?)";
    private static final String ADD_CHECKS = "UPDATE permission_counts SET checks = checks + ?"
            + " WHERE run_no = ? AND effect IS NOT DISTINCT FROM ? AND rule IS NOT DISTINCT FROM ?";
    private static final String NEW_CHECKS =
            "INSERT INTO permission_counts (run_no, effect, rule, checks) VALUES (?, ?, ?, ?)";
    /**
     * A kind's first event in a run, unless the run already holds the kind: a resumed run ({@code RunStore.resume})
     * starts with nothing in memory, and its kinds from before are already there with smaller sequence numbers.
     * Portable where {@code ON CONFLICT} (PostgreSQL) and {@code MERGE} (H2) are not; only the writer of a run writes
     * its kinds, so no other transaction inserts the same row in between.
     */
    private static final String NEW_KIND = "INSERT INTO run_kinds (run_no, kind, first_seq)"
            + " SELECT CAST(? AS INT), CAST(? AS CHARACTER VARYING), CAST(? AS BIGINT) WHERE NOT EXISTS"
            + " (SELECT 1 FROM run_kinds WHERE run_no = ? AND kind = ?)";

    /** One block being filled. */
    private static final class Block {
        final int runNo;
        final long firstSeq;
        long lastSeq;
        int events;
        Instant lastAt;
        int lastStep;
        final StringBuilder lines = new StringBuilder(SIZE * 256);
        final Set<String> kinds = new LinkedHashSet<>();
        final Set<String> agents = new LinkedHashSet<>();
        final Set<String> nodes = new LinkedHashSet<>();
        final Set<String> tools = new LinkedHashSet<>();
        final Set<String> effects = new LinkedHashSet<>();
        final Set<String> rules = new LinkedHashSet<>();
        StringBuilder contexts;

        Block(int runNo, long firstSeq) {
            this.runNo = runNo;
            this.firstSeq = firstSeq;
        }

        boolean takes(long seq) {
            return events < SIZE && seq - firstSeq < SIZE;
        }

        void add(RunEvent e, String json) {
            lines.append(lines.isEmpty() ? "" : "\n").append(line(e.kind(), json));
            lastSeq = e.seq();
            events++;
            lastAt = e.at();
            lastStep = e.step();
            kinds.add(e.kind());
            addIfPresent(agents, e.agent());
            addIfPresent(nodes, e.node());
            addIfPresent(tools, EventColumns.tool(e));
            addIfPresent(effects, EventColumns.effect(e));
            addIfPresent(rules, e.rule());
            if (e instanceof RunEvent.ModelRequested m) {
                contexts = contexts == null ? new StringBuilder() : contexts.append(' ');
                contexts.append(m.seq()).append(':').append(m.contextTokens());
            }
        }

        private static void addIfPresent(Set<String> set, String value) {
            if (value != null) {
                set.add(value);
            }
        }
    }

    /** A permission summary's row: how many checks of a run had this effect and rule. */
    private record Check(int runNo, String effect, String rule) {}

    /** A row of {@code run_kinds}: the first event of a kind in a run. */
    private record FirstOfKind(int runNo, String kind, long seq) {}

    private final ContextBlocks context;
    /** The block each run is filling; a run's entry stays after its block is written, to check its order. */
    private final Map<Integer, Block> open = new HashMap<>();
    private final Map<Integer, Long> lastSeq = new HashMap<>();
    private final List<Block> full = new ArrayList<>();
    private final Map<Check, Long> checks = new LinkedHashMap<>();
    /** Whether {@code run_kinds} is kept: not by the V3.1 migration, which runs before V4 creates it. */
    private final boolean keepsKinds;
    /**
     * The kinds of each run written here so far (or known to be in the store): a kind costs a statement only the
     * first time it appears, so a commit of kinds already seen adds none. Forgotten with the run.
     */
    private final Map<Integer, Set<String>> kindsOf = new HashMap<>();
    private final List<FirstOfKind> newKinds = new ArrayList<>();
    private Connection prepared;
    private PreparedStatement insertBlock;
    private PreparedStatement insertLines;
    private PreparedStatement addChecks;
    private PreparedStatement newChecks;
    private PreparedStatement newKind;

    EventBlocks(Dialect dialect) {
        this(dialect, true);
    }

    private EventBlocks(Dialect dialect, boolean keepsKinds) {
        this.context = new ContextBlocks(dialect);
        this.keepsKinds = keepsKinds;
    }

    /**
     * Blocks for a store at schema version 3.1, which has no {@code run_kinds} yet: V4 fills it from the blocks (the
     * V3.1 migration, and tests that build a V3 store).
     */
    static EventBlocks withoutRunKinds(Dialect dialect) {
        return new EventBlocks(dialect, false);
    }

    /** One stored line: the event's JSON with {@code "kind"} as its first field (the export's form). */
    static String line(String kind, String json) {
        // Kinds are plain words (EventKinds), so they need no escaping.
        return "{\"kind\":\"" + kind + "\"" + (json.equals("{}") ? "}" : "," + json.substring(1));
    }

    /**
     * Adds event {@code e} of run number {@code runNo}, with its JSON {@code json} ({@code EventJson.write}); refuses
     * an event whose sequence number is not after the run's last one here.
     */
    void add(int runNo, RunEvent e, String json) {
        long seq = EventColumns.checkedSeq(e);
        Long last = lastSeq.get(runNo);
        if (last != null && seq <= last) {
            throw new IllegalArgumentException("event " + seq + " of run number " + runNo
                    + " is not after its event " + last + " (a duplicate or out-of-order sequence number)");
        }
        lastSeq.put(runNo, seq);
        Block b = open.get(runNo);
        if (b != null && !b.takes(seq)) {
            full.add(b);
            b = null;
        }
        if (b == null) {
            b = new Block(runNo, seq);
            open.put(runNo, b);
        }
        b.add(e, json);
        context.add(runNo, e);
        if (e instanceof RunEvent.PermissionChecked c) {
            checks.merge(new Check(runNo, c.effect(), c.rule()), 1L, Long::sum);
        }
        if (keepsKinds && kindsOf.computeIfAbsent(runNo, no -> new HashSet<>()).add(e.kind())) {
            newKinds.add(new FirstOfKind(runNo, e.kind(), seq));
        }
    }

    /** Forgets run number {@code runNo} once it has ended and its blocks are written. */
    void forget(int runNo) {
        if (!open.containsKey(runNo)) {
            lastSeq.remove(runNo);
            kindsOf.remove(runNo);
        }
    }

    /** How many events wait in full blocks not yet written. */
    int pending() {
        int n = 0;
        for (Block b : full) {
            n += b.events;
        }
        return n;
    }

    /**
     * Inserts the blocks that are full, and with {@code all} the ones still filling too (a commit ends them), then
     * the context blocks, permission counts and the runs' new kinds; does not commit.
     */
    void write(Connection c, boolean all) throws SQLException {
        prepare(c);
        if (all) {
            full.addAll(open.values());
            open.clear();
        }
        if (!full.isEmpty()) {
            for (Block b : full) {
                bind(b);
            }
            insertBlock.executeBatch();
            insertLines.executeBatch();
            full.clear();
        }
        if (all) {
            context.write(c);
            writeChecks();
            writeKinds();
        }
    }

    private void bind(Block b) throws SQLException {
        long id = EventColumns.key(b.runNo, b.firstSeq);
        insertBlock.setLong(1, id);
        insertBlock.setInt(2, b.runNo);
        insertBlock.setLong(3, b.firstSeq);
        insertBlock.setLong(4, b.lastSeq);
        insertBlock.setInt(5, b.events);
        insertBlock.setTimestamp(6, EventColumns.millis(b.lastAt));
        insertBlock.setInt(7, b.lastStep);
        insertBlock.setString(8, list(b.kinds));
        insertBlock.setString(9, list(b.agents));
        insertBlock.setString(10, list(b.nodes));
        insertBlock.setString(11, list(b.tools));
        insertBlock.setString(12, list(b.effects));
        insertBlock.setString(13, list(b.rules));
        if (b.contexts == null) {
            insertBlock.setNull(14, Types.VARCHAR);
        } else {
            insertBlock.setString(14, b.contexts.toString());
        }
        insertBlock.addBatch();
        insertLines.setLong(1, id);
        insertLines.setString(2, b.lines.toString());
        insertLines.addBatch();
    }

    private void writeChecks() throws SQLException {
        for (Map.Entry<Check, Long> e : checks.entrySet()) {
            Check k = e.getKey();
            addChecks.setLong(1, e.getValue());
            addChecks.setInt(2, k.runNo());
            addChecks.setString(3, k.effect());
            addChecks.setString(4, k.rule());
            if (addChecks.executeUpdate() == 0) {
                newChecks.setInt(1, k.runNo());
                newChecks.setString(2, k.effect());
                newChecks.setString(3, k.rule());
                newChecks.setLong(4, e.getValue());
                newChecks.executeUpdate();
            }
        }
        checks.clear();
    }

    private void writeKinds() throws SQLException {
        if (newKinds.isEmpty()) {
            return;
        }
        for (FirstOfKind k : newKinds) {
            newKind.setInt(1, k.runNo());
            newKind.setString(2, k.kind());
            newKind.setLong(3, k.seq());
            newKind.setInt(4, k.runNo());
            newKind.setString(5, k.kind());
            newKind.addBatch();
        }
        newKind.executeBatch();
        newKinds.clear();
    }

    /** A summary list: {@code |a|b|}, or {@code ""} when empty. */
    static String list(Set<String> values) {
        if (values.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder().append(BAR);
        for (String v : values) {
            s.append(v).append(BAR);
        }
        return s.toString();
    }

    /** Forgets everything not yet written, after a rollback (which also took back what was written). */
    void clear() {
        open.clear();
        full.clear();
        lastSeq.clear();
        checks.clear();
        // The rollback took back their rows too; a kind seen again is inserted again (if still absent).
        kindsOf.clear();
        newKinds.clear();
        context.clear();
    }

    private void prepare(Connection c) throws SQLException {
        if (prepared == c) {
            return;
        }
        close();
        insertBlock = c.prepareStatement(INSERT_BLOCK);
        insertLines = c.prepareStatement(INSERT_LINES);
        addChecks = c.prepareStatement(ADD_CHECKS);
        newChecks = c.prepareStatement(NEW_CHECKS);
        newKind = keepsKinds ? c.prepareStatement(NEW_KIND) : null;
        prepared = c;
    }

    /** Closes the statements (not the connection). */
    @Override
    public void close() throws SQLException {
        prepared = null;
        for (PreparedStatement ps : new PreparedStatement[] {insertBlock, insertLines, addChecks, newChecks, newKind}) {
            if (ps != null) {
                ps.close();
            }
        }
        insertBlock = null;
        insertLines = null;
        addChecks = null;
        newChecks = null;
        newKind = null;
    }
}
