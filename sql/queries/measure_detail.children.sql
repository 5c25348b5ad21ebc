select measure_id, title, status_at_publication from measure_lines where parent_id = $m order by list_order
