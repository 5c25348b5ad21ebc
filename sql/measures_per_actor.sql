-- measures_per_actor(pillars, actors, instruments, statuses, q): who is involved where, in which role.
-- Grain: one row per actor, pillar and role, over the selected measures.
-- Parameters: as in selected_measures.
-- Invariants (tests): sum of measures = number of measure_actors rows of the selected measures
--   (and, when the actor filter is set, of the selected actors).
create or replace macro measures_per_actor(pillars, actors, instruments, statuses, q) as table
select a.actor_id, a.name as actor, a.actor_type, p.pillar_id, p.pillar_no, p.short_name as pillar,
       ma.role, count(*) as measures
from measure_actors ma
join actors a using (actor_id)
join measures m using (measure_id)
join pillars p on p.pillar_id = m.pillar_id
where ma.measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q))
  and (actors is null or list_contains(actors, ma.actor_id))
group by all
order by a.name, p.pillar_no, ma.role;
