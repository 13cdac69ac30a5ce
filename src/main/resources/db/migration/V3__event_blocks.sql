-- V3: events in blocks (issue 19, recording speed and memory; issue 22, four writers on PostgreSQL).
--
-- V2 kept one row per event, and H2 paid about nine B-tree operations for each (the row, two secondary indexes, their
-- undo records and the commit marks), PostgreSQL a heap tuple and three index entries. Now a run's events are stored
-- in blocks of up to 64 consecutive events: one summary row and one row of JSON lines per block. A block never spans
-- 64 sequence numbers or more, and a commit ends the blocks it writes (a committed block is never rewritten), so the
-- block holding event S starts at S - 63 at the earliest: a page from S is one range read of the run's blocks.
-- The filtered pages read the summaries, whose delimited lists say which blocks can hold a match, and filter the
-- events of those blocks in Java. The packing of V2's events is the Java migration 3.1 (EventBlocksMigration).

-- What a block holds, small enough that a filter scans a run's summaries without touching the events.
CREATE TABLE event_blocks (
    id         BIGINT        PRIMARY KEY,   -- run number * 2^32 + first seq
    run_no     INT           NOT NULL,
    first_seq  BIGINT        NOT NULL,
    last_seq   BIGINT        NOT NULL,
    events     INT           NOT NULL,      -- how many events
    last_at    TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    last_step  INT           NOT NULL,
    -- Each list is '|' + the distinct values joined by '|' + '|' ('' when there are none): LIKE '%|value|%' never
    -- misses a block that holds the value; a value holding '|' can match a block that does not, which the exact
    -- filter in Java then drops.
    kinds      CHARACTER VARYING NOT NULL,
    agents     CHARACTER VARYING NOT NULL,
    nodes      CHARACTER VARYING NOT NULL,
    tools      CHARACTER VARYING NOT NULL,
    effects    CHARACTER VARYING NOT NULL,
    rules      CHARACTER VARYING NOT NULL,
    -- The model requests' context sizes, 'seq:tokens' separated by ' ', for a zoomed context chart; NULL when none.
    contexts   CHARACTER VARYING
);

-- The events of a block, one JSON line each ({"kind":…,"seq":…,…}, the export's form), separated by newlines.
CREATE TABLE event_block_lines (
    id         BIGINT        PRIMARY KEY,   -- the block's id
    lines      CHARACTER VARYING NOT NULL
);

-- The permission summary of a run, kept by the writer in the same transaction as the blocks.
CREATE TABLE permission_counts (
    run_no     INT           NOT NULL,
    effect     VARCHAR(64),
    rule       VARCHAR(1000),
    checks     BIGINT        NOT NULL
);

CREATE INDEX permission_counts_by_run ON permission_counts (run_no);
