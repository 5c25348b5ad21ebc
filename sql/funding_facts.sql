-- funding_facts: every funding line with its pillar and measure, and its money class.
-- Grain: one row per funding line (same count as funding).
-- money_class: 'new' (is_new_money), 'context' (stated, not new money) or 'stated total'
--   (funding_kind 'aggregate': a sum of other lines as the text states it; never added up).
-- class_order: 0 new, 1 stated total, 2 context: lists show the lines by class_order, then largest
--   first (a small number to sort on, rather than the money_class strings).
-- Invariants (tests): row count = funding; sum of amount_eur where money_class = 'new' on the
--   shipped data is 121,500,000.
-- A table in main, built once with the database from the staged copies of the tables (see
-- tracker/database.py), so that filtered queries scan one table.
create or replace table main.funding_facts as
select
    f.funding_id, f.measure_id, m.title as measure_title, f.pillar_id, p.pillar_no,
    p.short_name as pillar, f.instrument, f.amount_eur, f.amount_qualifier, f.period, f.year_from,
    f.year_to, f.funding_kind, f.is_new_money,
    case when f.is_new_money then 'new'
         when f.funding_kind = 'aggregate' then 'stated total'
         else 'context' end as money_class,
    case when f.is_new_money then 0 when f.funding_kind = 'aggregate' then 1 else 2 end::utinyint as class_order,
    f.source_id, f.source_quote
from funding f
join pillars p using (pillar_id)
join measures m using (measure_id);

