-- actor_lines: every actor with the bodies it belongs to and the units it has. An actor may be a
-- unit of another (actors.parent_id: Europol's ECTC is a unit of Europol); choosing an actor in
-- the filters also chooses its units.
-- Grain: one row per actor (same count as actors).
-- Columns: ancestor_ids, the actor and every body above it (itself first); unit_names, the names of
--   every unit below it (empty when none), in name order.
-- Invariants (tests): row count = actors; every ancestor_ids starts with the actor itself; an
--   actor is in the unit_names of each of its ancestors but itself.
create or replace table main.actor_lines as
with recursive up(actor_id, ancestor_id, depth) as (
    select actor_id, actor_id, 0 from actors
    union all
    select up.actor_id, a.parent_id, up.depth + 1
    from up join actors a on a.actor_id = up.ancestor_id
    where a.parent_id is not null and up.depth < 100
), ancestors as (
    select actor_id, list(ancestor_id order by depth) as ancestor_ids from up group by actor_id
), units as (
    select up.ancestor_id as actor_id, list(a.name order by a.name) as unit_names
    from up join actors a using (actor_id)
    where up.depth > 0
    group by up.ancestor_id
)
select a.actor_id, a.name, a.actor_type, a.parent_id, ancestors.ancestor_ids,
       coalesce(units.unit_names, []::varchar[]) as unit_names
from actors a join ancestors using (actor_id) left join units using (actor_id);
