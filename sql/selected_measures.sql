-- selected_measures(pillars, actors, instruments, statuses, q): the measures the shared filters keep.
-- Grain: one row per measure.
-- Parameters: pillars, actors, instruments, statuses: lists of ids, NULL = no filter on that
--   field (an empty list keeps nothing); q: text searched case-insensitively in the id, title,
--   description and quote, NULL = no search.
-- Invariants (tests): all NULL -> every measure; filters combine with AND, values within one
--   filter with OR; an actor matches in any role; an instrument matches a measure that has a
--   funding line from it.
create or replace macro selected_measures(pillars, actors, instruments, statuses, q) as table
select m.measure_id
from measures m
where (pillars is null or list_contains(pillars, m.pillar_id))
  and (statuses is null or list_contains(statuses, m.status_at_publication))
  and (actors is null or m.measure_id in (
          select ma.measure_id from measure_actors ma where list_contains(actors, ma.actor_id)))
  and (instruments is null or m.measure_id in (
          select f.measure_id from funding f where list_contains(instruments, f.instrument)))
  and (q is null or contains(
          lower(m.measure_id || ' ' || m.title || ' ' || coalesce(m.description, '') || ' ' || m.source_quote),
          lower(q)));
