-- scenario_shift_hits(kinds, targets, vals, links): which shift lever reaches which measure. A
--   shift reaches its measure, every measure of its pillar, or every measure its actor (or a unit
--   of it) takes part in, in any role; never a dropped measure. It moves the measure's
--   deadlines, but not its past events (scenario_deadlines). The filters are applied by the
--   callers (they join the hits to the selected rows).
-- Grain: one row per measure and shift lever that reaches it.
-- Each way a lever names measures is an equality join from the few levers to the large tables.
create or replace macro scenario_shift_hits(kinds, targets, vals, links) as table
with levers as (
    select * from scenario_levers(kinds, targets, vals, links) where kind = 'shift'
), reached as (
    select l.pos, m.measure_id from levers l join measure_lines m on m.measure_id = l.target
    union
    select l.pos, m.measure_id from levers l join measure_lines m on m.pillar_id = l.target
    union
    select l.pos, r.measure_id
    from levers l join actor_lines a on list_contains(a.ancestor_ids, l.target)
    join actor_roles r on r.actor_id = a.actor_id
)
select r.measure_id, l.pos, l.value, l.link
from reached r join levers l using (pos)
where r.measure_id not in (select target from scenario_levers(kinds, targets, vals, links) where kind = 'drop');
