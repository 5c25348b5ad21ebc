-- timeline_rows(as_of, ends_from, ends_to, background, pillars, actors, instruments, statuses, q): the
--   deadline windows to draw.
-- Grain: one row per deadline of a selected measure that in_window keeps.
-- Parameters: as_of (DATE) for the status; ends_from, ends_to, background as in in_window; the rest
--   as in selected_measures.
-- Invariants (tests): status as in deadline_status(as_of); due_from <= due_by.
-- Unordered: a caller that lists rows orders them (by due_by, due_from, deadline_id); counting
--   needs no sort of every row.
create or replace macro timeline_rows(as_of, ends_from, ends_to, background, pillars, actors, instruments, statuses, q) as table
select deadline_id, measure_id, measure_title, pillar_id, pillar_no, pillar, what_due, date_text,
       due_from, due_by, "precision", kind, status, outcome, outcome_on, outcome_precision, outcome_earliest,
       outcome_known_by, outcome_id, outcome_reference, searched_to, days_late, source_id, source_quote
from deadline_status(as_of)
where (pillars is null or list_contains(pillars, pillar_id))  -- prunes before the join (large tables)
  and in_window(kind, due_by, ends_from, ends_to, background)
  and measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q));
