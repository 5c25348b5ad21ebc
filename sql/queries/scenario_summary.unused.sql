-- queries.scenario_summary: the links of the levers that reach nothing under the filters.
select link
from scenario_reach($kinds::varchar[], $targets::varchar[], $vals::double[], $links::varchar[], $f)
where reached = 0
order by pos
