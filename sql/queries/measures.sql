select title, pillar, measure_type, status_at_publication, leads, funding_lines, deadline_count, parent_title,
       source_quote, measure_id, parent_id, pillar_id, source_id
from selected_measure_lines($f)
order by list_order
