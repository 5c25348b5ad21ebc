-- timeline_rows(as_of, pillars, actors, instruments, statuses, q): the deadline windows to draw.
-- Grain: one row per deadline of a selected measure.
-- Parameters: as_of (DATE) for the status; the rest as in selected_measures.
-- Invariants (tests): status as in deadline_status(as_of); due_from <= due_by.
create or replace macro timeline_rows(as_of, pillars, actors, instruments, statuses, q) as table
select ds.deadline_id, ds.measure_id, m.title as measure_title, p.pillar_id, p.pillar_no,
       p.short_name as pillar, ds.what_due, ds.date_text, ds.due_from, ds.due_by, ds."precision",
       ds.kind, ds.status, ds.delivered_on, ds.source_id, ds.source_quote
from deadline_status(as_of) ds
join measures m using (measure_id)
join pillars p on p.pillar_id = m.pillar_id
where ds.measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q))
order by ds.due_by, ds.due_from, ds.deadline_id;
