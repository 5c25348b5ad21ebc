select 1 from measure_lines where measure_id = $m
