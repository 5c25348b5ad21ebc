-- measures_per_actor(pillars, actors, instruments, statuses, q, role): who is involved where.
-- Grain: one row per actor and pillar, over the selected measures.
-- Parameters: as in selected_measures; role: 'lead', 'partner' or 'addressee', NULL = any role.
-- measures counts distinct measures: an actor with two roles in one measure counts once
--   under "any role".
-- Invariants (tests): with role NULL, measures = count of distinct (measure, actor) links of
--   the selected measures (and, when the actor filter is set, of the selected actors).
create or replace macro measures_per_actor(pillars, actors, instruments, statuses, q, role) as table
select a.actor_id, a.name as actor, a.actor_type, p.pillar_id, p.pillar_no, p.short_name as pillar,
       count(distinct ma.measure_id) as measures
from measure_actors ma
join actors a using (actor_id)
join measures m using (measure_id)
join pillars p on p.pillar_id = m.pillar_id
where ma.measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q))
  and (actors is null or list_contains(actors, ma.actor_id))
  and (role is null or ma.role = role)
group by all
order by a.name, p.pillar_no;
