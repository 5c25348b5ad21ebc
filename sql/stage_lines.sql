-- stage_lines: every stage of a line of money after the package (funding_stages), with its line,
-- measure and pillar, the days it can have happened on (as in progress_lines) and its source.
-- Grain: one row per funding_stages row (same count).
-- Invariants (tests): row count = funding_stages.
-- A table in main, built once with the database from the staged rows (see tracker/database.py).
create or replace table main.stage_lines as
select st.stage_id, st.funding_id, f.measure_id, m.title as measure_title, f.pillar_id, p.pillar_no,
       p.short_name as pillar, f.instrument, f.is_new_money, f.amount_eur as line_amount_eur, f.amount_qualifier as line_qualifier,
       st.stage, st.happened_on, st.date_precision,
       earliest_on(st.happened_on, st.date_precision) as earliest_on,
       known_by(st.happened_on, st.date_precision) as known_by,
       st.amount_eur, st.amount_qualifier, st.note, st.source_id, s.title as source_title,
       s.reference as source_reference, s.url as source_url, s.file_name is null as cited, st.locator, st.source_quote,
       s.kind as source_kind, k."primary", s.doubt as source_doubt,
       source_label(s.reference, s.title, k.words, s.doubt) as source_label
from funding_stages st
join funding f using (funding_id)
join measures m on m.measure_id = f.measure_id
join pillars p on p.pillar_id = f.pillar_id
join sources s on s.source_id = st.source_id
join source_kinds k on k.code = s.kind;
