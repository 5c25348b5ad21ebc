select t.*, p.name as pillar_name,
       (select source_label(s.reference, s.title, k.words, s.doubt) from sources s join source_kinds k on k.code = s.kind
        where s.source_id = t.source_id) as source
from measure_lines t join pillars p using (pillar_id)
where measure_id = $m
