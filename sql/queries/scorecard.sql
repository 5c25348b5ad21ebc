select pillar_id, pillar_no, name, short_name, status, deadlines from deadline_counts($w, $f)
