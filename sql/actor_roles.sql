-- actor_roles: every actor of every measure, once, with the roles it holds there, the actor's
-- name, type and ancestor_ids (actor_lines) and the measure's pillar (number and short name):
-- what the actor matrix counts.
-- Grain: one row per measure and actor (an actor with two roles in one measure is one row).
-- Invariants (tests): row count = distinct (measure, actor) pairs of measure_actors; is_lead,
--   is_partner, is_addressee are true exactly when measure_actors has that role for the pair.
-- A table in main, built once with the database from the staged copies of the tables (see
-- tracker/database.py): the matrix then reads one table, with no grouping by measure nor joins, on
-- every new view.
create or replace table main.actor_roles as
select ma.measure_id, ma.actor_id, a.name as actor, a.actor_type, a.ancestor_ids, m.pillar_id, p.pillar_no,
       p.short_name as pillar,
       bool_or(ma.role = 'lead') as is_lead,
       bool_or(ma.role = 'partner') as is_partner,
       bool_or(ma.role = 'addressee') as is_addressee
from measure_actors ma
join actor_lines a using (actor_id)
join measures m using (measure_id)
join pillars p on p.pillar_id = m.pillar_id
group by all;
