-- queries.measure_detail: what happened after the package, its steps and the stages of its money,
-- in date order, each with its document, link and locator; on one day a press report before the
-- primary source's own (the last row is the latest known, and a press report never settles).
select happened_on, date_precision, 'step' as kind, status as what, note, source_quote, cited,
       source_label as source, source_doubt, source_url, locator, null as amount_eur,
       null as amount_qualifier, deadline_id, progress_id as row_id, "primary"
from progress_lines where measure_id = $m
union all by name
select happened_on, date_precision, 'money' as kind, stage as what, note, source_quote, cited,
       source_label as source, source_doubt, source_url, locator, amount_eur,
       amount_qualifier, null as deadline_id, stage_id as row_id, "primary"
from stage_lines where measure_id = $m
order by happened_on, "primary", kind, row_id
