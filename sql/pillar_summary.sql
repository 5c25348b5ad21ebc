-- deadline_counts(as_of, ends_from, ends_to, background, pillars, actors, instruments, statuses, q):
--   the shown deadlines of each pillar by status on as_of (the scorecard, and a part of
--   pillar_summary below).
-- Grain: one row per pillar (all pillars, zeros where the filters keep nothing).
-- Parameters: as in timeline_rows.
-- Columns: pillar_id, pillar_no, name, short_name; deadlines (past events left out) and their
--   count per status (one column per status of deadline_state but context); next_due_by, the end
--   of the earliest window still open or to come.
-- Invariants (tests): deadlines = the sum of the status columns.
create or replace macro deadline_counts(as_of, ends_from, ends_to, background, pillars, actors, instruments, statuses, q)
    as table
with dl as (
    select pillar_id,
           count(*) filter (where status <> 'context') as deadlines,
           count(*) filter (where status = 'delivered_on_time') as delivered_on_time,
           count(*) filter (where status = 'delivered_late') as delivered_late,
           count(*) filter (where status = 'delivered') as delivered,
           count(*) filter (where status = 'delivered_in_part') as delivered_in_part,
           count(*) filter (where status = 'not_delivered') as not_delivered,
           count(*) filter (where status = 'no_report') as no_report,
           count(*) filter (where status = 'overdue') as overdue,
           count(*) filter (where status = 'due_now') as due_now,
           count(*) filter (where status = 'upcoming') as upcoming,
           min(due_by) filter (where status in ('upcoming', 'due_now')) as next_due_by
    from timeline_rows(as_of, ends_from, ends_to, background, pillars, actors, instruments, statuses, q)
    group by pillar_id
)
select p.pillar_id, p.pillar_no, p.name, p.short_name,
       coalesce(dl.deadlines, 0) as deadlines,
       coalesce(dl.delivered_on_time, 0) as delivered_on_time,
       coalesce(dl.delivered_late, 0) as delivered_late,
       coalesce(dl.delivered, 0) as delivered,
       coalesce(dl.delivered_in_part, 0) as delivered_in_part,
       coalesce(dl.not_delivered, 0) as not_delivered,
       coalesce(dl.no_report, 0) as no_report,
       coalesce(dl.overdue, 0) as overdue,
       coalesce(dl.due_now, 0) as due_now,
       coalesce(dl.upcoming, 0) as upcoming,
       dl.next_due_by
from pillars p
left join dl using (pillar_id)
order by p.pillar_no;

-- pillar_summary(as_of, ends_from, ends_to, background, pillars, actors, instruments, statuses, q):
--   one row per pillar.
-- Grain: one row per pillar (all pillars, zeros where the filters keep nothing).
-- Parameters: as in timeline_rows.
-- Columns: measures (the package's own actions) and background (items quoted as background,
--   shown on request); new_money_eur with new_money_qualifier (sum_qualifier of its lines: 'up_to'
--   when any line is a ceiling) and new_lines; context_figures, how many amounts the texts quote
--   as context (never added up); the columns of deadline_counts (deadlines, their count per
--   status on as_of, next_due_by).
-- Invariants (tests): sum of measures + background = count of selected_measures; sum of
--   new_money_eur = the headline's; deadlines = the sum of the status columns.
create or replace macro pillar_summary(as_of, ends_from, ends_to, background, pillars, actors, instruments, statuses, q) as table
with m as (
    select measure_id, pillar_id, status_at_publication
    from selected_measure_lines(pillars, actors, instruments, statuses, q)
), sel as (
    select pillar_id, count(*) filter (where status_at_publication <> 'context') as measures,
           count(*) filter (where status_at_publication = 'context') as background
    from m group by pillar_id
), lines as (
    select * from funding_facts  -- funding_lines(...), on the measures selected once (m)
    where (pillars is null or list_contains(pillars, pillar_id))
      and (instruments is null or list_contains(instruments, instrument))
      and measure_id in (select measure_id from m)
), new_money as (
    select pillar_id, sum(amount_eur) as new_money_eur, sum_qualifier(amount_qualifier) as new_money_qualifier,
           count(*) as new_lines
    from lines where money_class = 'new' group by pillar_id
), context as (
    select pillar_id, count(*) as context_figures from lines where money_class = 'context' group by pillar_id
)
select p.pillar_id, p.pillar_no, p.name, p.short_name,
       coalesce(sel.measures, 0) as measures,
       coalesce(sel.background, 0) as background,
       coalesce(new_money.new_money_eur, 0) as new_money_eur,
       coalesce(new_money.new_money_qualifier, 'exact') as new_money_qualifier,
       coalesce(new_money.new_lines, 0) as new_lines,
       coalesce(context.context_figures, 0) as context_figures,
       dl.deadlines, dl.delivered_on_time, dl.delivered_late, dl.delivered, dl.delivered_in_part, dl.not_delivered,
       dl.no_report, dl.overdue, dl.due_now, dl.upcoming, dl.next_due_by
from pillars p
left join sel using (pillar_id)
left join new_money using (pillar_id)
left join context using (pillar_id)
join deadline_counts(as_of, ends_from, ends_to, background, pillars, actors, instruments, statuses, q) dl
    using (pillar_id)
order by p.pillar_no;
