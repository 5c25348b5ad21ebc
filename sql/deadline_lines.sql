-- deadline_lines: every deadline with its measure and pillar, and what the later documents say
-- about it (progress_lines with its deadline_id).
-- Grain: one row per deadline (same count as deadlines).
-- outcomes: the outcome rows (the steps that settle a commitment: table steps) resting on a primary
--   source (table source_kinds: a press report alone never settles one), oldest known first,
--   each a struct (status, happened_on, date_precision, earliest_on, known_by, progress_id,
--   reference); empty when there is none. deadline_status picks the latest known by its date.
-- searched_to: the date up to which documents were read without finding a report on it (the
--   latest row of a searched step: table steps, no_report or not_checked), NULL when there is
--   none; unread: one of those rows says that a document that should report it could not be read
--   (an unread step: not_checked).
-- Invariants (tests): row count = deadlines; due_from <= due_by.
-- A table in main, built once with the database from the staged copies of the tables (see
-- tracker/database.py), so that status queries for a date scan one table.
create or replace table main.deadline_lines as
select
    d.deadline_id, d.measure_id, m.title as measure_title, m.pillar_id, p.pillar_no,
    p.short_name as pillar, d.what_due, d.date_text, d.due_from, d.due_by, d."precision", d.kind,
    coalesce(o.outcomes, []) as outcomes, nr.searched_to, coalesce(nr.unread, false) as unread, d.source_id, d.source_quote
from deadlines d
join measures m using (measure_id)
join pillars p on p.pillar_id = m.pillar_id
left join (
    select deadline_id,
           list({'status': status, 'happened_on': happened_on, 'date_precision': date_precision,
                 'earliest_on': earliest_on, 'known_by': known_by, 'progress_id': progress_id,
                 'reference': source_label} order by known_by, progress_id) as outcomes
    from progress_lines
    where status in (select code from steps where settles) and "primary" and deadline_id is not null
    group by deadline_id
) o using (deadline_id)
left join (
    select deadline_id, max(happened_on) as searched_to, bool_or(s.unread) as unread
    from progress_lines join steps s on s.code = progress_lines.status
    where s.searched and deadline_id is not null
    group by deadline_id
) nr using (deadline_id);
