-- scenario_deadlines(w, horizon_end, kinds, targets, vals, links, f): every shown deadline of
--   the selected measures (timeline_rows), under the scenario beside the baseline.
-- Grain: one row per deadline (those of dropped measures included, with status 'dropped').
-- Status: deadline_state on the moved window (the outcomes known by (w).as_of stay: a delivery on a
--   day may be on time for one window and late for another).
-- Columns: those of timeline_rows, with due_from, due_by and status under the scenario, and
--   baseline_due_from, baseline_due_by, baseline_status, shift_months, shifted_by (the links of
--   the shifts that moved it, '; '-joined), dropped_by (the drop lever's link, or ''),
--   past_horizon and baseline_past_horizon (the window ends after horizon_end).
-- Invariants (tests): with no lever, due_from, due_by and status equal the baseline's.
create or replace macro scenario_deadlines(w, horizon_end, kinds, targets, vals, links, f) as table
with shifts as (
    select measure_id, sum(value)::integer as shift_months, string_agg(link, '; ' order by pos) as shifted_by
    from scenario_shift_hits(kinds, targets, vals, links)
    group by measure_id
), dropped as (
    select target as measure_id, min_by(link, pos) as dropped_by
    from scenario_levers(kinds, targets, vals, links) where kind = 'drop' group by target
), moved as (
    select b.*, if(b.kind = 'past_event', 0, coalesce(s.shift_months, 0)) as shift_months,
           if(b.kind = 'past_event', '', coalesce(s.shifted_by, '')) as shifted_by,
           coalesce(d.dropped_by, '') as dropped_by
    from timeline_rows(w, f) b
    left join shifts s using (measure_id) left join dropped d using (measure_id)
)
select deadline_id, measure_id, measure_title, pillar_id, pillar_no, pillar, what_due, date_text, "precision", kind,
       outcome, outcome_on, outcome_precision, outcome_earliest, outcome_known_by, outcome_id, outcome_reference,
       searched_to, unread, source_id, source_quote,
       due_from as baseline_due_from, due_by as baseline_due_by, status as baseline_status,
       kind <> 'past_event' and due_by > horizon_end::date as baseline_past_horizon,
       shift_date(due_from, shift_months) as due_from,
       shift_date(due_by, shift_months) as due_by,
       case when dropped_by <> '' then 'dropped'
            else deadline_state(kind, outcome, outcome_earliest, outcome_known_by, searched_to, unread,
                                shift_date(due_from, shift_months), shift_date(due_by, shift_months), (w).as_of)
       end as status,
       case when dropped_by = '' and outcome = 'delivered' and outcome_earliest > shift_date(due_by, shift_months)
            then datediff('day', shift_date(due_by, shift_months), outcome_earliest) end as days_late,
       dropped_by = '' and kind <> 'past_event' and shift_date(due_by, shift_months) > horizon_end::date
           as past_horizon,
       shift_months, shifted_by, dropped_by
from moved
order by due_by, due_from, deadline_id;
