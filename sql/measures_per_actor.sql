-- measures_per_actor(pillars, actors, instruments, statuses, q): who is involved where.
-- Grain: one row per actor and pillar, over the selected measures.
-- Parameters: as in selected_measures.
-- Columns: measures (distinct measures in any role: an actor with two roles in one measure counts
--   once), lead, partner, addressee (distinct measures in that role).
-- Invariants (tests): measures = count of distinct (measure, actor) links of the selected
--   measures (and, when the actor filter is set, of the selected actors); measures <= lead +
--   partner + addressee.
-- Each (measure, actor) pair is first reduced to one row with its roles, so the counts need no
-- DISTINCT (actor_links holds a (measure, actor, role) at most once).
create or replace macro measures_per_actor(pillars, actors, instruments, statuses, q) as table
with links as (
    select ma.actor_id, s.pillar_id,
           bool_or(ma.role = 'lead') as is_lead,
           bool_or(ma.role = 'partner') as is_partner,
           bool_or(ma.role = 'addressee') as is_addressee
    from actor_links ma
    join selected_measures(pillars, actors, instruments, statuses, q) s using (measure_id)
    where (actors is null or list_contains(actors, ma.actor_id))
    group by ma.actor_id, ma.measure_id, s.pillar_id
)
select a.actor_id, a.name as actor, a.actor_type, p.pillar_id, p.pillar_no, p.short_name as pillar,
       count(*) as measures, count_if(is_lead) as lead, count_if(is_partner) as partner,
       count_if(is_addressee) as addressee
from links
join actors a using (actor_id)
join pillars p using (pillar_id)
group by all
order by a.name, p.pillar_no;
