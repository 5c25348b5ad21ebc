-- selected_measures(f): the ids and pillars of the measures selected_measure_lines(f) keeps.
-- Grain: one row per measure.
create or replace macro selected_measures(f) as table
select measure_id, pillar_id
from selected_measure_lines(f);
