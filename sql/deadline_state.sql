-- deadline_state(kind, outcome, earliest_on, known_by, searched_to, unread, due_from, due_by, as_of): the
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
--   not_checked         the window has closed and a document that should report on it could not be
--                       read (unread);
--   no_report           the window has closed and the documents read after it (up to searched_to)
--                       report nothing on it;
--   overdue             the window has closed and no delivery is recorded (yet).
create or replace macro deadline_state(kind, outcome, earliest_on, known_by, searched_to, unread, due_from, due_by, as_of) as
    case
        when kind = 'past_event' then 'context'
        when outcome = 'delivered' and known_by <= due_by then 'delivered_on_time'
        when outcome = 'delivered' and earliest_on > due_by then 'delivered_late'
        when outcome = 'delivered' then 'delivered'
        when outcome is not null then outcome
        when as_of::date < due_from then 'upcoming'
        when as_of::date <= due_by then 'due_now'
        when searched_to >= due_by and unread then 'not_checked'
        when searched_to >= due_by then 'no_report'
        else 'overdue'
    end;
