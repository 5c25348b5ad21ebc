-- progress_lines: every progress row with the title and reference of its source.
-- Grain: one row per progress row (same count as progress).
-- Invariants (tests): row count = progress.
-- A table in main, built once with the database from the staged rows (see tracker/database.py).
create or replace table main.progress_lines as
select p.progress_id, p.measure_id, p.deadline_id, p.happened_on, p.status, p.note, p.source_id,
       s.title as source_title, s.reference as source_reference, p.source_quote
from progress p
join sources s using (source_id);
