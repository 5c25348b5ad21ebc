-- funding_lines(pillars, actors, instruments, statuses, q): the funding rows the filters keep.
-- Grain: one row per funding line of a selected measure (and of a selected instrument).
-- Parameters: as in selected_measures.
-- Columns: those of funding_facts (money_class: 'new', 'context' or 'stated total').
-- The pillar and instrument tests repeat on funding_facts' own columns (a line's pillar is its
--   measure's): on a large table they drop most rows before the join with the measures.
-- Invariants (tests): unfiltered, same rows as funding_facts; with an instrument filter, only
--   lines of those instruments.
create or replace macro funding_lines(pillars, actors, instruments, statuses, q) as table
select *
from funding_facts
where (pillars is null or list_contains(pillars, pillar_id))
  and (instruments is null or list_contains(instruments, instrument))
  and measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q));

-- sum_qualifier(amount_qualifier): the qualifier of a sum of amounts, an aggregate: 'exact' when
--   every part is exact; 'up_to' when some part is a ceiling ("up to"), 'over' when some part is a
--   floor ("over"); 'mixed' when there are both (the sum is then neither bound). NULLs are left
--   out (sum_qualifier(if(..., amount_qualifier, null)) is the qualifier of some of the lines).
create or replace macro sum_qualifier(amount_qualifier) as
    case when bool_or(amount_qualifier = 'up_to') and bool_or(amount_qualifier = 'over') then 'mixed'
         when bool_or(amount_qualifier = 'up_to') then 'up_to'
         when bool_or(amount_qualifier = 'over') then 'over'
         else 'exact' end;

-- money_stages(pillars, actors, instruments, statuses, q): the stages of the lines of new money
--   that funding_lines keeps (the same pillar, instrument and measure tests, on the stage's line).
-- Grain: one row per stage, by line (largest first), then in date order.
create or replace macro money_stages(pillars, actors, instruments, statuses, q) as table
select *
from stage_lines
where is_new_money
  and (pillars is null or list_contains(pillars, pillar_id))
  and (instruments is null or list_contains(instruments, instrument))
  and measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q))
order by line_amount_eur desc, funding_id, known_by, stage_id;
