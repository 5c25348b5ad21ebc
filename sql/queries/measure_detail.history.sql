-- queries.measure_detail: what happened after the package, its steps and the stages of its money,
-- in date order, each with its document, link and locator.
select happened_on, date_precision, 'step' as kind, status as what, note, source_quote, cited,
       coalesce(source_reference, source_title) as source, source_url, locator, null as amount_eur,
       null as amount_qualifier, deadline_id, progress_id as row_id
from progress_lines where measure_id = $m
union all by name
select happened_on, date_precision, 'money' as kind, stage as what, note, source_quote, cited,
       coalesce(source_reference, source_title) as source, source_url, locator, amount_eur,
       amount_qualifier, null as deadline_id, stage_id as row_id
from stage_lines where measure_id = $m
order by happened_on, kind, row_id
