-- measures_per_actor(f): who is involved where.
-- Grain: one row per actor and pillar, over the selected measures.
-- Parameters: as in selected_measure_lines.
-- Columns: measures (distinct measures in any role: an actor with two roles in one measure counts
--   once), lead, partner, addressee (distinct measures in that role); actor_rank: 1 for the most
--   involved actor (the most measures in all pillars), then by name and id: the one order of
--   actors on every page.
-- Order: by actor_rank, then pillar_no.
-- Invariants (tests): measures = count of distinct (measure, actor) links of the selected
--   measures (and, when the actor filter is set, of the selected actors and their units); measures <= lead +
--   partner + addressee; actor_rank orders actors by their total measures, largest first.
-- Reads actor_roles, where each (measure, actor) pair is already one row with its roles.
create or replace macro measures_per_actor(f) as table
with cells as (
    select actor_id, actor, actor_type, pillar_id, pillar_no, pillar,
           count(*) as measures, count_if(is_lead) as lead, count_if(is_partner) as partner,
           count_if(is_addressee) as addressee
    from actor_roles
    where ((f).pillars is null or list_contains((f).pillars, pillar_id))  -- prunes before the join (large tables)
      and ((f).actors is null or list_has_any(ancestor_ids, (f).actors))  -- an actor chosen, or a unit of one
      and measure_id in (select measure_id from selected_measures(f))
    group by all
), totals as (
    select *, sum(measures) over (partition by actor_id) as actor_measures from cells
)
select * exclude (actor_measures),
       dense_rank() over (order by actor_measures desc, actor, actor_id) as actor_rank
from totals
order by actor_rank, pillar_no;
