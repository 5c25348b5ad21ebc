-- queries.next_deadlines: the $n deadlines due now or next (the earliest end first). A window open
-- or to come ends on or after as_of: the test on due_by spares the status of every closed one.
select deadline_id, measure_id, pillar, what_due, date_text, due_from, due_by, status
from timeline_rows($w, $f)
where due_by >= ($w).as_of::date and status in ('due_now', 'upcoming')
order by due_by, due_from, deadline_id
limit $n
