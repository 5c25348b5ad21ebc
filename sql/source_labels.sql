-- source_labels: every source with the label steps, stages and a measure's rows name it by
-- (source_label: its reference or title, who speaks, and whether it is doubtful).
-- Grain: one row per source.
create or replace view main.source_labels as
select s.source_id, source_label(s.reference, s.title, k.words, s.doubt) as source_label
from sources s
join source_kinds k on k.code = s.kind;
