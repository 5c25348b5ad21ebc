-- queries.scenario_deadlines: the moved and dropped deadlines first, then by due date.
select *
from scenario_deadlines($w, $horizon_end, $kinds::varchar[], $targets::varchar[], $vals::double[], $links::varchar[],
                        $f)
order by shift_months = 0 and dropped_by = '', status = baseline_status, baseline_due_by, deadline_id
