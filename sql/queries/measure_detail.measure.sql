select t.*, p.name as pillar_name,
       (select source_label from source_labels l where l.source_id = t.source_id) as source
from measure_lines t join pillars p using (pillar_id)
where measure_id = $m
