-- queries.commitments: the shown commitments (past events left out) of one pillar ($pillar, NULL:
-- all) with one status ($status, NULL: any), by due date.
select deadline_id, measure_id, measure_title, pillar_id, pillar_no, pillar, what_due, date_text, due_from, due_by,
       "precision", kind, status, outcome, outcome_on, outcome_precision, outcome_reference, searched_to, days_late,
       source_id, source_quote
from timeline_rows($w, $f)
where kind <> 'past_event' and ($pillar is null or pillar_id = $pillar) and ($status is null or status = $status)
order by due_by, due_from, deadline_id
