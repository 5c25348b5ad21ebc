-- deadline_state(kind, outcome, earliest_on, known_by, searched_to, due_from, due_by, as_of): the
--   status rule, written once (deadline_status below and the what-if scenario both use it).
--   outcome, earliest_on and known_by are those of the latest outcome known by as_of (NULL when
--   none is). First match wins:
--   context             a past event quoted as background (kind = 'past_event');
--   delivered_on_time   delivered, and known to be by due_by (known_by <= due_by);
--   delivered_late      delivered, and not before the day after due_by (earliest_on > due_by);
--   delivered           delivered, but the documents do not tell whether by due_by;
--   delivered_in_part   a document reports it done in part;
--   not_delivered       a document reports it not done;
--   upcoming            as_of is before due_from;
--   due_now             as_of is inside the window (due_from <= as_of <= due_by);
--   no_report           the window has closed and the documents read after it (up to searched_to)
--                       report nothing on it;
--   overdue             the window has closed and no delivery is recorded (yet).
create or replace macro deadline_state(kind, outcome, earliest_on, known_by, searched_to, due_from, due_by, as_of) as
    case
        when kind = 'past_event' then 'context'
        when outcome = 'delivered' and known_by <= due_by then 'delivered_on_time'
        when outcome = 'delivered' and earliest_on > due_by then 'delivered_late'
        when outcome = 'delivered' then 'delivered'
        when outcome is not null then outcome
        when as_of::date < due_from then 'upcoming'
        when as_of::date <= due_by then 'due_now'
        when searched_to >= due_by then 'no_report'
        else 'overdue'
    end;

-- in_window(kind, due_by, ends_from, ends_to, background): whether a deadline is shown: its window
--   ends inside due_from..due_to (either may be NULL: open), and a past event quoted as background
--   only when background is shown.
create or replace macro in_window(kind, due_by, ends_from, ends_to, background) as
    (background or kind <> 'past_event')
    and (ends_from is null or due_by >= ends_from::date)
    and (ends_to is null or due_by <= ends_to::date);

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
    o.reference as outcome_reference, searched_to,
    deadline_state(kind, o.status, o.earliest_on, o.known_by, searched_to, due_from, due_by, as_of) as status,
    case when deadline_state(kind, o.status, o.earliest_on, o.known_by, searched_to, due_from, due_by, as_of)
              = 'delivered_late' then datediff('day', due_by, o.earliest_on) end as days_late
from known;
