select deadline_id, measure_id, measure_title, pillar_id, pillar_no, pillar, what_due, date_text, due_from, due_by,
       "precision", kind, status, outcome, outcome_on, outcome_precision, outcome_reference, searched_to, days_late,
       source_id, source_quote
from timeline_rows($w, $f)
order by due_by, due_from, deadline_id
