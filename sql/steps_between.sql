-- steps_between(from_date, to_date, f): the steps after the package (progress_lines) of the
--   selected measures that became known in the period: known_by
--   after from_date and on or before to_date (a step dated to a month counts once its month is
--   over; one reported by a document, on the document's date).
-- Grain: one row per progress row, in date order.
create or replace macro steps_between(from_date, to_date, f) as table
select p.*, m.title as measure_title, m.pillar_id, m.pillar_no, m.pillar
from progress_lines p
join measure_lines m using (measure_id)
where p.known_by > from_date::date and p.known_by <= to_date::date
  and p.measure_id in (select measure_id from selected_measures(f))
order by p.known_by, p.happened_on, p.progress_id;
