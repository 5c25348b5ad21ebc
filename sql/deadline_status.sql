-- deadline_status(as_of): where every deadline stands on a given date.
-- Grain: one row per deadline.
-- Parameters: as_of (DATE).
-- Status rule, first match wins:
--   context   the row is a past event quoted as background (kind = 'past_event');
--   delivered a progress row with status 'delivered' for this deadline happened on or before as_of;
--   upcoming  as_of is before due_from;
--   due_now   as_of is inside the window (due_from <= as_of <= due_by);
--   overdue   as_of is after due_by and no delivery is recorded.
-- Invariants (tests): exactly one status per deadline; a deadline delivered after as_of is not
--   'delivered' on as_of.
create or replace macro deadline_status(as_of) as table
select
    d.*,
    dl.delivered_on,
    case
        when d.kind = 'past_event' then 'context'
        when dl.delivered_on is not null then 'delivered'
        when as_of::date < d.due_from then 'upcoming'
        when as_of::date <= d.due_by then 'due_now'
        else 'overdue'
    end as status
from deadlines d
left join (
    select deadline_id, min(happened_on) as delivered_on
    from progress
    where status = 'delivered' and deadline_id is not null and happened_on <= as_of::date
    group by deadline_id
) dl using (deadline_id);
