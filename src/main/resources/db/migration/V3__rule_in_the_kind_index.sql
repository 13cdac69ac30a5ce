-- V3: one secondary index on events instead of two, because recording a run is limited by H2's work per event.
--
-- Every event paid for an entry in events_by_rule, though most events have no rule. The rule now sits at the end of
-- the kind index, which keeps its order (run_no, kind, seq) for kind filters and the context chart: a rule filter
-- reads, per kind, that kind's entries of the run in seq order, checks the rule in the index and reads only the rows
-- that match (RunQueries.page).
DROP INDEX events_by_rule;
DROP INDEX events_by_kind;
CREATE INDEX events_by_kind ON events (run_no, kind, seq, context_tokens, rule);
