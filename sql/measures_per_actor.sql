-- measures_per_actor(pillars, actors, instruments, statuses, q): who is involved where.
-- Grain: one row per actor and pillar, over the selected measures.
-- Parameters: as in selected_measures.
-- Columns: measures (distinct measures in any role: an actor with two roles in one measure counts
--   once), lead, partner, addressee (distinct measures in that role).
-- Invariants (tests): measures = count of distinct (measure, actor) links of the selected
--   measures (and, when the actor filter is set, of the selected actors); measures <= lead +
--   partner + addressee.
-- Reads actor_roles, where each (measure, actor) pair is already one row with its roles, so the
-- counts need no DISTINCT.
create or replace macro measures_per_actor(pillars, actors, instruments, statuses, q) as table
select actor_id, actor, actor_type, pillar_id, pillar_no, pillar,
       count(*) as measures, count_if(is_lead) as lead, count_if(is_partner) as partner,
       count_if(is_addressee) as addressee
from actor_roles
where (pillars is null or list_contains(pillars, pillar_id))  -- prunes before the join (large tables)
  and (actors is null or list_contains(actors, actor_id))
  and measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q))
group by all
order by actor, pillar_no;
