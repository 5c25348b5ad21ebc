select count(*) filter (where status_at_publication <> 'context') as measures,
       count(*) filter (where status_at_publication = 'context') as background
from selected_measure_lines($f)
