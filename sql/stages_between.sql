-- stages_between(from_date, to_date, f): the stages of the selected lines of money (funding_lines) that became known in the period, as steps_between.
-- Grain: one row per funding_stages row, in date order.
create or replace macro stages_between(from_date, to_date, f) as table
select s.*
from stage_lines s
where s.known_by > from_date::date and s.known_by <= to_date::date
  and s.funding_id in (select funding_id from funding_lines(f))
order by s.known_by, s.happened_on, s.stage_id;
