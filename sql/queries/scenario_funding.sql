-- queries.scenario_funding: the changed lines first (with $changed_only, those only), then the
-- largest.
select *
from scenario_funding($kinds::varchar[], $targets::varchar[], $vals::double[], $links::varchar[], $f)
where not $changed_only or changed_by <> '' or dropped_by <> ''
order by changed_by = '' and dropped_by = '', baseline_amount_eur desc, funding_id
