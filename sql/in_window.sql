-- in_window(kind, due_by, ends_from, ends_to, background): whether a deadline is shown: its window
--   ends inside due_from..due_to (either may be NULL: open), and a past event quoted as background
--   only when background is shown.
create or replace macro in_window(kind, due_by, ends_from, ends_to, background) as
    (background or kind <> 'past_event')
    and (ends_from is null or due_by >= ends_from::date)
    and (ends_to is null or due_by <= ends_to::date);
