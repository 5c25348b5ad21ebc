-- timeline_rows(w, f): the deadline windows to draw.
-- Grain: one row per deadline of a selected measure that in_window keeps.
-- Parameters: w, the struct of tracker.filters.When (as_of: the day of the status; due_from,
--   due_to: the window the deadlines' ends fall in, NULL = open); f, the struct of the shared
--   filters (tracker.filters.Filters.params; (f).background also shows past events).
-- Invariants (tests): status as in deadline_status((w).as_of); due_from <= due_by.
-- Unordered: a caller that lists rows orders them (by due_by, due_from, deadline_id); counting
--   needs no sort of every row.
create or replace macro timeline_rows(w, f) as table
select deadline_id, measure_id, measure_title, pillar_id, pillar_no, pillar, what_due, date_text,
       due_from, due_by, "precision", kind, status, outcome, outcome_on, outcome_precision, outcome_earliest,
       outcome_known_by, outcome_id, outcome_reference, searched_to, unread, days_late, source_id, source_quote
from deadline_status((w).as_of)
where ((f).pillars is null or list_contains((f).pillars, pillar_id))  -- prunes before the join (large tables)
  and in_window(kind, due_by, (w).due_from, (w).due_to, (f).background)
  and measure_id in (select measure_id from selected_measures(f));
