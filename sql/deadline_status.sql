-- deadline_status(as_of): where every deadline stands on a given date.
-- Grain: one row per deadline.
-- Parameters: as_of (DATE).
-- Columns: those of deadline_lines but outcomes, with the latest outcome known by as_of
--   (outcome, outcome_on, outcome_precision, outcome_earliest, outcome_known_by, outcome_id,
--   outcome_reference; NULL when none is known by then), status (deadline_state) and days_late
--   (delivered late: the days from due_by to the first day it can have happened).
-- Invariants (tests): exactly one status per deadline; an outcome known only after as_of does not
--   count on as_of.
create or replace macro deadline_status(as_of) as table
with known as (
    select * exclude (outcomes),  -- most deadlines have no outcome: no list to filter
           case when len(outcomes) > 0 then list_filter(outcomes, lambda o: o.known_by <= as_of::date)[-1] end as o
    from deadline_lines
)
select
    deadline_id, measure_id, measure_title, pillar_id, pillar_no, pillar, what_due, date_text,
    due_from, due_by, "precision", kind, source_id, source_quote,
    o.status as outcome, o.happened_on as outcome_on, o.date_precision as outcome_precision,
    o.earliest_on as outcome_earliest, o.known_by as outcome_known_by, o.progress_id as outcome_id,
    o.reference as outcome_reference, searched_to, unread,
    deadline_state(kind, o.status, o.earliest_on, o.known_by, searched_to, unread, due_from, due_by, as_of) as status,
    case when deadline_state(kind, o.status, o.earliest_on, o.known_by, searched_to, unread, due_from, due_by, as_of)
              = 'delivered_late' then datediff('day', due_by, o.earliest_on) end as days_late
from known;
