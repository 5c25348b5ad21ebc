-- deadline_state(kind, delivered_on, due_from, due_by, as_of): the status rule, written once
--   (deadline_status below and the what-if scenario both use it). First match wins:
--   context   a past event quoted as background (kind = 'past_event');
--   delivered a delivery is recorded on or before as_of (delivered_on is not NULL);
--   upcoming  as_of is before due_from;
--   due_now   as_of is inside the window (due_from <= as_of <= due_by);
--   overdue   as_of is after due_by and no delivery is recorded.
create or replace macro deadline_state(kind, delivered_on, due_from, due_by, as_of) as
    case
        when kind = 'past_event' then 'context'
        when delivered_on is not null then 'delivered'
        when as_of::date < due_from then 'upcoming'
        when as_of::date <= due_by then 'due_now'
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
-- delivered_on: the first delivery on or before as_of, NULL when there is none by then.
-- Invariants (tests): exactly one status per deadline; a deadline delivered after as_of is not
--   'delivered' on as_of.
create or replace macro deadline_status(as_of) as table
select
    deadline_id, measure_id, measure_title, pillar_id, pillar_no, pillar, what_due, date_text,
    due_from, due_by, "precision", kind, source_id, source_quote,
    case when first_delivered_on <= as_of::date then first_delivered_on end as delivered_on,
    deadline_state(kind, case when first_delivered_on <= as_of::date then first_delivered_on end, due_from, due_by,
                   as_of) as status
from deadline_lines;
