-- queries.scenario_deadlines: the moved and dropped deadlines first (with $changed_only, those
-- only), then by due date.
select *
from scenario_deadlines($w, $horizon_end, $kinds::varchar[], $targets::varchar[], $vals::double[], $links::varchar[],
                        $f)
where not $changed_only or shift_months <> 0 or dropped_by <> ''
order by shift_months = 0 and dropped_by = '', status = baseline_status, baseline_due_by, deadline_id
