-- queries.scenario_statuses: the shown commitments (past events left out) by their status on
-- ($w).as_of, in the baseline and under the scenario (the commitments of a dropped measure leave
-- the scenario): a row per side and counted status, in the vocabulary's order, zeros included.
with d as (
    select baseline_status, status
    from scenario_deadlines($w, $horizon_end, $kinds::varchar[], $targets::varchar[], $vals::double[],
                            $links::varchar[], $f)
    where kind <> 'past_event'
), counts as (
    select 'baseline' as side, baseline_status as status, count(*) as deadlines from d group by all
    union all
    select 'scenario' as side, status, count(*) as deadlines from d where status <> 'dropped' group by all
)
select sides.side, s.code as status, coalesce(c.deadlines, 0) as deadlines
from (values ('baseline', 0), ('scenario', 1)) sides(side, pos)
cross join statuses s
left join counts c on c.side = sides.side and c.status = s.code
where s.counted
order by sides.pos, s.position
