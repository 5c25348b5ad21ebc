-- actor_links: every link of an actor to a measure, with the actor's name and type and the
-- measure's pillar.
-- Grain: one row per measure, actor and role (same count as measure_actors).
-- Invariants (tests): row count = measure_actors; every row's pillar is its measure's.
-- A table in main, built once with the database from the staged copies of the tables (see
-- tracker/database.py): the pages read actors' links here.
create or replace table main.actor_links as
select ma.measure_id, ma.actor_id, a.name as actor, a.actor_type, ma.role, m.pillar_id, ma.source_id,
       ma.source_quote
from measure_actors ma
join actors a using (actor_id)
join measures m using (measure_id);
