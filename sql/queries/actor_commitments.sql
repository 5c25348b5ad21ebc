-- queries.actor_commitments: one actor's ($actor) selected measures, with its role and each
-- measure's shown deadlines (as written) and their statuses on as_of, in due order (empty lists
-- when it has none).
with mine as (
    select measure_id, role, source_quote from actor_links
    where actor_id = $actor and measure_id in (select measure_id from selected_measures($f))
), dates as (
    select measure_id, list(date_text order by due_by) as deadline_texts,
           list(status order by due_by) as deadline_statuses
    from timeline_rows($w, $f)
    where measure_id in (select measure_id from mine) group by measure_id
)
select mine.role, ml.measure_id, ml.pillar, ml.title, ml.status_at_publication,
       coalesce(dates.deadline_texts, []) as deadline_texts,
       coalesce(dates.deadline_statuses, []) as deadline_statuses, mine.source_quote
from mine join measure_lines ml using (measure_id) left join dates using (measure_id)
order by ml.pillar_no, ml.title, mine.role
