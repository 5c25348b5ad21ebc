-- progress_lines: every step after the package with its source, and the days it can have happened
-- on (date_precision): earliest_on, the first such day (NULL when the document only says it had
-- happened by its date: 'reported'); known_by, the day it is known to have happened by (the day
-- itself, the end of its month or year, or the document's date).
-- Grain: one row per progress row (same count as progress).
-- Columns: those of progress, with earliest_on, known_by, source_title, source_reference, source_url,
--   cited (the source is a cited document: the row quotes nothing), source_kind, source_kind_words,
--   "primary" (who speaks: table source_kinds; only a primary source settles an outcome),
--   source_doubt (what is doubtful about the document, if anything), source_label (sql/source_label.sql).
-- Invariants (tests): row count = progress; earliest_on <= happened_on <= known_by where not NULL.
-- A table in main, built once with the database from the staged rows (see tracker/database.py).
create or replace table main.progress_lines as
select p.progress_id, p.measure_id, p.deadline_id, p.happened_on, p.date_precision,
       earliest_on(p.happened_on, p.date_precision) as earliest_on,
       known_by(p.happened_on, p.date_precision) as known_by,
       p.status, p.note, p.source_id, s.title as source_title, s.reference as source_reference, s.url as source_url,
       s.file_name is null as cited, p.locator, p.source_quote, s.kind as source_kind,
       k.words as source_kind_words, k."primary", s.doubt as source_doubt,
       source_label(s.reference, s.title, k.words, s.doubt) as source_label
from progress p
join sources s using (source_id)
join source_kinds k on k.code = s.kind;
