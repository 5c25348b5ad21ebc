-- deadline_status(as_of): where every deadline stands on a given date.
-- Grain: one row per deadline.
-- Parameters: as_of (DATE).
-- Status rule, first match wins:
--   context   the row is a past event quoted as background (kind = 'past_event');
--   delivered a progress row with status 'delivered' for this deadline happened on or before as_of;
--   upcoming  as_of is before due_from;
--   due_now   as_of is inside the window (due_from <= as_of <= due_by);
--   overdue   as_of is after due_by and no delivery is recorded.
-- delivered_on: the first delivery on or before as_of, NULL when there is none by then.
-- Invariants (tests): exactly one status per deadline; a deadline delivered after as_of is not
--   'delivered' on as_of.
create or replace macro deadline_status(as_of) as table
select
    deadline_id, measure_id, measure_title, pillar_id, pillar_no, pillar, what_due, date_text,
    due_from, due_by, "precision", kind, source_id, source_quote,
    case when first_delivered_on <= as_of::date then first_delivered_on end as delivered_on,
    case
        when kind = 'past_event' then 'context'
        when first_delivered_on <= as_of::date then 'delivered'
        when as_of::date < due_from then 'upcoming'
        when as_of::date <= due_by then 'due_now'
        else 'overdue'
    end as status
from deadline_lines;
