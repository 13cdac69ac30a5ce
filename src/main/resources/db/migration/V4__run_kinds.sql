-- V4: the kinds each run holds (issue 22, opening a big run in the inspector).
--
-- A page filtered by kind finds its blocks with event_blocks.kinds LIKE '%|kind|%'. When the run holds none of the
-- asked kinds (the inspector asks every run for its compactions and its permission checks), that scanned every block
-- summary of the run: 15,600 of them for a million events. With this table such a page is empty after one primary-key
-- read, and a kind that first appears late starts its scan at its first event.
--
-- The writer (EventBlocks) inserts a run's kind in the transaction of the blocks that hold its first event, and only
-- then: a commit whose kinds the run already holds adds no statement.
CREATE TABLE run_kinds (
    run_no     INT               NOT NULL,
    kind       CHARACTER VARYING NOT NULL,
    -- No later than the run's first event of this kind: that event's sequence number where the writer wrote the
    -- row, the first sequence number of its block for runs stored before V4 (below).
    first_seq  BIGINT            NOT NULL,
    PRIMARY KEY (run_no, kind)
);

-- The runs already stored, from their blocks' lists ('|a|b|'): the distinct lists of each run with the first block of
-- each (a run has a few dozen distinct lists, not one per block), split one kind at a time by a recursive query,
-- which both H2 and PostgreSQL run. A kind's first_seq is then the start of the first block that lists it, up to 63
-- before the event itself; a scan that starts there reads that block from its start and filters its events exactly,
-- so its pages are the same. (H2 takes WITH inside INSERT, not before it; PostgreSQL takes both.)
INSERT INTO run_kinds (run_no, kind, first_seq)
WITH RECURSIVE lists (run_no, first_seq, kinds) AS (
    SELECT run_no, MIN(first_seq), kinds FROM event_blocks WHERE kinds <> '' GROUP BY run_no, kinds
), parts (run_no, first_seq, kind, rest) AS (
    SELECT run_no, first_seq, CAST('' AS CHARACTER VARYING), CAST(SUBSTRING(kinds FROM 2) AS CHARACTER VARYING)
    FROM lists
    UNION ALL
    SELECT run_no, first_seq, CAST(SUBSTRING(rest FROM 1 FOR POSITION('|' IN rest) - 1) AS CHARACTER VARYING),
           CAST(SUBSTRING(rest FROM POSITION('|' IN rest) + 1) AS CHARACTER VARYING)
    FROM parts WHERE rest <> ''
)
SELECT run_no, kind, MIN(first_seq) FROM parts WHERE kind <> '' GROUP BY run_no, kind;
