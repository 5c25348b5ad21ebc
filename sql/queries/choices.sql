-- queries.choices: what the shared filters whose values come from the data can take, one row per
-- value: filter_key (the URL key of tracker.filters.FILTERS), value, label (the words shown), in the
-- order shown. A new filter whose values come from the data adds its rows here.
select 'pillar' as filter_key, pillar_id as value, short_name as label, pillar_no::varchar as sort_key
from pillars
union all
select 'actor', actor_id,
       name || if(len(unit_names) > 0,
                  ', with its unit' || if(len(unit_names) > 1, 's', '') || ' ' || array_to_string(unit_names, '; '),
                  ''),
       name
from actor_lines
union all
select distinct 'instrument', instrument, instrument, instrument from funding_facts
order by filter_key, sort_key, value
