-- funding_lines(pillars, actors, instruments, statuses, q): the funding rows the filters keep.
-- Grain: one row per funding line of a selected measure (and of a selected instrument).
-- Parameters: as in selected_measures.
-- money_class: 'new' (is_new_money), 'context' (stated, not new money) or 'stated total'
--   (funding_kind 'aggregate': a sum of other lines as the text states it; never added up).
-- Invariants (tests): sum of amount_eur where money_class = 'new' on the shipped data,
--   unfiltered, is 121,500,000.
create or replace macro funding_lines(pillars, actors, instruments, statuses, q) as table
select
    f.*,
    p.pillar_no,
    p.short_name as pillar,
    m.title as measure_title,
    case when f.is_new_money then 'new'
         when f.funding_kind = 'aggregate' then 'stated total'
         else 'context' end as money_class
from funding f
join pillars p using (pillar_id)
join measures m using (measure_id)
where f.measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q))
  and (instruments is null or list_contains(instruments, f.instrument));
