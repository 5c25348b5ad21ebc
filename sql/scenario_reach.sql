-- scenario_reach(kinds, targets, vals, links, f): how
--   many deadlines and funding lines of the selected measures each lever reaches.
-- Grain: one row per lever, in the order given.
create or replace macro scenario_reach(kinds, targets, vals, links, f) as table
with levers as (
    from scenario_levers(kinds, targets, vals, links)
), sel as (
    select measure_id from selected_measures(f)
), shifts as (
    select h.pos, count(*) as n
    from scenario_shift_hits(kinds, targets, vals, links) h join deadline_lines d using (measure_id)
    where d.kind <> 'past_event' and h.measure_id in (select measure_id from sel) group by h.pos
), money as (
    select pos, count(*) as n from scenario_money_hits(kinds, targets, vals, links) h
    where funding_id in (select funding_id from funding_lines(f)) group by pos
), drops as (
    select l.pos, (select count(*) from deadline_lines d where d.measure_id = l.target)
                  + (select count(*) from funding_facts f where f.measure_id = l.target) as n
    from levers l where l.kind = 'drop' and l.target in (select measure_id from sel)
)
select l.pos, l.kind, l.link, coalesce(shifts.n, money.n, drops.n, 0) as reached
from levers l left join shifts using (pos) left join money using (pos) left join drops using (pos)
order by l.pos;
