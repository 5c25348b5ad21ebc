-- measure_lines: every measure ready to show and to filter: pillar, parent, lead actors, counts,
-- and the columns the shared filters test (every actor in any role, every funding instrument,
-- the searchable text).
-- Grain: one row per measure (same count as measures).
-- Invariants (tests): row count = measures; leads lists only actors with role 'lead';
--   actor_ids holds every actor of the measure in any role and every body they are a unit of
--   (so that filtering on a body finds its units' measures), funding_instruments every
--   instrument of its funding lines (both sorted, empty lists when none); search_text is
--   lowercase; list_order numbers the measures 1..n in pillar order, each sub-action after its
--   parent.
-- A table in main, built once with the database (see tracker/database.py): every filtered query
-- scans one table instead of joining measure_actors and funding again.
create or replace table main.measure_lines as
with leads as (
    select ma.measure_id, string_agg(a.name, '; ' order by a.name) as leads
    from measure_actors ma join actors a using (actor_id)
    where ma.role = 'lead'
    group by ma.measure_id
), actor_sets as (
    select ma.measure_id, list(distinct body order by body) as actor_ids
    from measure_actors ma join actor_lines al using (actor_id), unnest(al.ancestor_ids) as t(body)
    group by ma.measure_id
), money as (
    select measure_id, count(*) as funding_lines, list(distinct instrument order by instrument) as funding_instruments
    from funding group by measure_id
), dates as (
    select measure_id, count(*) as deadline_count from deadlines group by measure_id
)
select
    m.measure_id,
    m.pillar_id,
    p.pillar_no,
    p.short_name as pillar,
    m.parent_id,
    parent.title as parent_title,
    m.title,
    m.description,
    m.measure_type,
    m.status_at_publication,
    coalesce(leads.leads, '') as leads,
    coalesce(money.funding_lines, 0) as funding_lines,
    coalesce(dates.deadline_count, 0) as deadline_count,
    coalesce(actor_sets.actor_ids, []::varchar[]) as actor_ids,
    coalesce(money.funding_instruments, []::varchar[]) as funding_instruments,
    lower(m.measure_id || ' ' || m.title || ' ' || coalesce(m.description, '') || ' ' || m.source_quote) as search_text,
    m.source_id,
    m.source_quote,
    -- the order of the measures table: by pillar, each sub-action right after its parent
    row_number() over (order by p.pillar_no, coalesce(m.parent_id, m.measure_id), m.parent_id nulls first,
                       m.measure_id) as list_order
from measures m
join pillars p using (pillar_id)
left join measures parent on parent.measure_id = m.parent_id
left join leads on leads.measure_id = m.measure_id
left join actor_sets on actor_sets.measure_id = m.measure_id
left join money on money.measure_id = m.measure_id
left join dates on dates.measure_id = m.measure_id;
