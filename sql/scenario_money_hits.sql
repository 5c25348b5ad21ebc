-- scenario_money_hits(kinds, targets, vals, links): which set or scale lever reaches which funding
--   line. A set reaches its line; a scale its line, or every line of its instrument when no line
--   has its id; never a stated total, nor a line of a dropped measure. The filters are applied by
--   the callers.
-- Grain: one row per funding line and set or scale lever that reaches it.
create or replace macro scenario_money_hits(kinds, targets, vals, links) as table
with levers as (
    select * from scenario_levers(kinds, targets, vals, links) where kind in ('set', 'scale')
), by_id as (
    select l.pos, f.funding_id from levers l join funding_facts f on f.funding_id = l.target
), reached as (
    from by_id
    union all
    select l.pos, f.funding_id from levers l join funding_facts f on f.instrument = l.target
    where l.kind = 'scale' and l.pos not in (select pos from by_id)
)
select f.funding_id, f.measure_id, l.pos, l.kind, l.value, l.link
from reached join levers l using (pos) join funding_facts f using (funding_id)
where f.money_class <> 'stated total'
  and f.measure_id not in (select target from scenario_levers(kinds, targets, vals, links) where kind = 'drop');
