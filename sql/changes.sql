-- What changed between two dates (the compare key of a link): statuses that moved, the steps
-- reported and the stages the money went through. Both dates are included from the day after
-- the earlier one to the later one; the callers pass them in order (from_date <= to_date).

-- status_changes(from_date, to_date, ends_from, ends_to, background, pillars, actors, instruments,
--   statuses, q): the shown deadlines (timeline_rows on to_date) whose status on from_date differs.
-- Grain: one row per deadline whose status moved.
-- Columns: those of timeline_rows on to_date, with from_status (the status on from_date).
-- Invariants (tests): from_date = to_date gives no row.
create or replace macro status_changes(from_date, to_date, ends_from, ends_to, background, pillars, actors, instruments,
                                       statuses, q) as table
select b.*, a.status as from_status
from timeline_rows(to_date, ends_from, ends_to, background, pillars, actors, instruments, statuses, q) b
join deadline_status(from_date) a using (deadline_id)
where a.status <> b.status
order by b.due_by, b.deadline_id;

-- steps_between(from_date, to_date, pillars, actors, instruments, statuses, q): the steps after the
--   package (progress_lines) of the selected measures that became known in the period: known_by
--   after from_date and on or before to_date (a step dated to a month counts once its month is
--   over; one reported by a document, on the document's date).
-- Grain: one row per progress row, in date order.
create or replace macro steps_between(from_date, to_date, pillars, actors, instruments, statuses, q) as table
select p.*, m.title as measure_title, m.pillar_id, m.pillar_no, m.pillar
from progress_lines p
join measure_lines m using (measure_id)
where p.known_by > from_date::date and p.known_by <= to_date::date
  and p.measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q))
order by p.known_by, p.happened_on, p.progress_id;

-- stages_between(from_date, to_date, pillars, actors, instruments, statuses, q): the stages of the
--   selected lines of money (funding_lines) that became known in the period, as steps_between.
-- Grain: one row per funding_stages row, in date order.
create or replace macro stages_between(from_date, to_date, pillars, actors, instruments, statuses, q) as table
select s.*
from stage_lines s
where s.known_by > from_date::date and s.known_by <= to_date::date
  and s.funding_id in (select funding_id from funding_lines(pillars, actors, instruments, statuses, q))
order by s.known_by, s.happened_on, s.stage_id;
