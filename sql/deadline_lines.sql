-- deadline_lines: every deadline with its measure and pillar, and the day its first delivery was
-- recorded.
-- Grain: one row per deadline (same count as deadlines).
-- first_delivered_on: the earliest progress row with status 'delivered' for this deadline, NULL
--   when none; a deadline counts as delivered on any date from that day on.
-- Invariants (tests): row count = deadlines; due_from <= due_by.
-- A table in main, built once with the database from the staged copies of the tables (see
-- tracker/load.py), so that status queries for a date scan one table.
create or replace table main.deadline_lines as
select
    d.deadline_id, d.measure_id, m.title as measure_title, m.pillar_id, p.pillar_no,
    p.short_name as pillar, d.what_due, d.date_text, d.due_from, d.due_by, d."precision", d.kind,
    dl.first_delivered_on, d.source_id, d.source_quote
from deadlines d
join measures m using (measure_id)
join pillars p on p.pillar_id = m.pillar_id
left join (
    select deadline_id, min(happened_on) as first_delivered_on
    from progress
    where status = 'delivered' and deadline_id is not null
    group by deadline_id
) dl using (deadline_id);
