-- selected_measure_lines(pillars, actors, instruments, statuses, q): the measures the shared
-- filters keep, with every column of measure_lines; selected_measures(...): their ids and pillars.
-- Grain: one row per measure.
-- Parameters: pillars, actors, instruments, statuses: lists of ids, NULL = no filter on that
--   field (an empty list keeps nothing); q: text searched case-insensitively in the id, title,
--   description and quote, NULL = no search.
-- Invariants (tests): all NULL -> every measure; filters combine with AND, values within one
--   filter with OR; an actor matches in any role; an instrument matches a measure that has a
--   funding line from it.
-- One scan of measure_lines, which carries each measure's actors, instruments and search text.
-- A query on measures themselves reads selected_measure_lines (no join back to measure_lines);
-- one on other tables keeps the rows whose measure_id is in selected_measures.
create or replace macro selected_measure_lines(pillars, actors, instruments, statuses, q) as table
select *
from measure_lines
where (pillars is null or list_contains(pillars, pillar_id))
  and (statuses is null or list_contains(statuses, status_at_publication))
  and (actors is null or list_has_any(actor_ids, actors))
  and (instruments is null or list_has_any(funding_instruments, instruments))
  and (q is null or contains(search_text, lower(q)));

-- selected_measures(pillars, actors, instruments, statuses, q): the ids and pillars of the same measures.
-- Grain: one row per measure.
create or replace macro selected_measures(pillars, actors, instruments, statuses, q) as table
select measure_id, pillar_id
from selected_measure_lines(pillars, actors, instruments, statuses, q);
