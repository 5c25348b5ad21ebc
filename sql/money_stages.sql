-- money_stages(f): the stages of the lines of new money
--   that funding_lines keeps (the same pillar, instrument and measure tests, on the stage's line).
-- Grain: one row per stage, by line (largest first), then in date order.
create or replace macro money_stages(f) as table
select *
from stage_lines
where is_new_money
  and ((f).pillars is null or list_contains((f).pillars, pillar_id))
  and ((f).instruments is null or list_contains((f).instruments, instrument))
  and measure_id in (select measure_id from selected_measures(f))
order by line_amount_eur desc, funding_id, known_by, stage_id;
