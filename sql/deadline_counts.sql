-- deadline_counts(w, f): how many of the shown commitments of each pillar have each status on
--   (w).as_of (the scorecard, the headline and the pillars table count these rows).
-- Grain: one row per pillar and counted status (every pillar and every status of the table
--   statuses with counted = true, zeros where none), in pillar order, then the statuses' order.
-- Parameters: as in timeline_rows.
-- Columns: pillar_id, pillar_no, name, short_name, status (with status_position, its place in
--   the table statuses), deadlines (how many have it);
--   next_due_by, on every row of a pillar: the end of its earliest window still open or to come.
-- Invariants (tests): the deadlines of a pillar add up to its commitments shown (past events
--   left out).
create or replace macro deadline_counts(w, f) as table
with dl as (
    select pillar_id, status, count(*) as deadlines, min(due_by) as first_due_by
    from timeline_rows(w, f)
    group by all
), next as (
    select pillar_id, min(first_due_by) as next_due_by
    from dl where status in ('upcoming', 'due_now') group by pillar_id
)
select p.pillar_id, p.pillar_no, p.name, p.short_name, s.code as status, s.position as status_position,
       coalesce(dl.deadlines, 0) as deadlines, next.next_due_by
from pillars p
cross join statuses s
left join dl on dl.pillar_id = p.pillar_id and dl.status = s.code
left join next on next.pillar_id = p.pillar_id
where s.counted
order by p.pillar_no, s.position;
