-- progress_lines: every step after the package with its source, and the days it can have happened
-- on (date_precision): earliest_on, the first such day (NULL when the document only says it had
-- happened by its date: 'reported'); known_by, the day it is known to have happened by (the day
-- itself, the end of its month or year, or the document's date).
-- Grain: one row per progress row (same count as progress).
-- Columns: those of progress, with earliest_on, known_by, source_title, source_reference, source_url
--   and cited (the source is a cited document: the row quotes nothing).
-- Invariants (tests): row count = progress; earliest_on <= happened_on <= known_by where not NULL.
-- A table in main, built once with the database from the staged rows (see tracker/database.py).
create or replace table main.progress_lines as
select p.progress_id, p.measure_id, p.deadline_id, p.happened_on, p.date_precision,
       earliest_on(p.happened_on, p.date_precision) as earliest_on,
       known_by(p.happened_on, p.date_precision) as known_by,
       p.status, p.note, p.source_id, s.title as source_title, s.reference as source_reference, s.url as source_url,
       s.file_name is null as cited, p.locator, p.source_quote
from progress p
join sources s using (source_id);
