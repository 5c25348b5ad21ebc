select t.what_due, t.date_text, t.due_from, t.due_by, t.status, t.kind, t.outcome, t.outcome_on,
       t.outcome_precision, t.outcome_reference, t.searched_to, t.days_late, t.source_quote,
       (select source_label from source_labels l where l.source_id = t.source_id) as source, t.deadline_id
from deadline_status($as_of) t
where measure_id = $m
order by due_by
