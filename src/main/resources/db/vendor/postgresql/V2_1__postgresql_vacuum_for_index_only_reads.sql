-- PostgreSQL only (db/vendor/postgresql): H2 has nothing like it.
--
-- The context chart of a zoomed range and the run's length are answered from indexes alone (events_by_kind holds
-- context_tokens; context_blocks is tiny) only where PostgreSQL's visibility map says a page holds no row a reader
-- could miss, and only VACUUM sets that map. The store only ever inserts events, and by default autovacuum waits for
-- 20 % of a table to be new before it vacuums an insert-only table; a team's table of millions of events would then
-- read the heap for every freshly recorded run. Vacuum after 1 % instead (and at least 10,000 rows).
ALTER TABLE events SET (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_insert_threshold = 10000);
ALTER TABLE context_blocks SET (autovacuum_vacuum_insert_scale_factor = 0.01,
                                autovacuum_vacuum_insert_threshold = 1000);
