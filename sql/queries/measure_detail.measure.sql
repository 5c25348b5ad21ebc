select t.*, p.name as pillar_name,
       (select coalesce(s.reference, s.title) from sources s where s.source_id = t.source_id) as source
from measure_lines t join pillars p using (pillar_id)
where measure_id = $m
