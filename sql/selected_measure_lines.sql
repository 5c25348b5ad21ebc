-- selected_measure_lines(f): the measures the shared filters keep, with every column of
-- measure_lines. The one place where a filter selects measures: one line per filter of
-- tracker.filters.FILTERS.
-- Grain: one row per measure.
-- Parameters: f, the struct of the shared filters (tracker.filters.Filters.params):
--   (f).pillars, (f).actors, (f).instruments, (f).statuses: lists of ids, NULL = no filter on
--   that field (an empty list keeps nothing); (f).q: text searched case-insensitively in the id,
--   title, description and quote, NULL = no search.
-- Invariants (tests): all NULL -> every measure; filters combine with AND, values within one
--   filter with OR; an actor matches in any role; an instrument matches a measure that has a
--   funding line from it.
-- One scan of measure_lines, which carries each measure's actors, instruments and search text.
-- A query on measures themselves reads selected_measure_lines (no join back to measure_lines);
-- one on other tables keeps the rows whose measure_id is in selected_measures.
create or replace macro selected_measure_lines(f) as table
select *
from measure_lines
where ((f).pillars is null or list_contains((f).pillars, pillar_id))
  and ((f).statuses is null or list_contains((f).statuses, status_at_publication))
  and ((f).actors is null or list_has_any(actor_ids, (f).actors))
  and ((f).instruments is null or list_has_any(funding_instruments, (f).instruments))
  and ((f).q is null or contains(search_text, lower((f).q)));
