-- What changed between two dates (the compare key of a link): statuses that moved (here), the
-- steps reported (steps_between) and the stages the money went through (stages_between). Both
-- dates are included from the day after the earlier one to the later one; the callers pass them
-- in order (from_date <= (w).as_of).

-- status_changes(from_date, w, f): the shown deadlines (timeline_rows on (w).as_of) whose status
--   on from_date differs.
-- Grain: one row per deadline whose status moved.
-- Columns: those of timeline_rows on (w).as_of, with from_status (the status on from_date).
-- Invariants (tests): from_date = (w).as_of gives no row.
create or replace macro status_changes(from_date, w, f) as table
select b.*, a.status as from_status
from timeline_rows(w, f) b
join deadline_status(from_date) a using (deadline_id)
where a.status <> b.status
order by b.due_by, b.deadline_id;
