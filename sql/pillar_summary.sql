-- pillar_summary(as_of, pillars, actors, instruments, statuses, q): one card per pillar, and the
-- headline figures (their sums).
-- Grain: one row per pillar (all pillars, zeros where the filters keep nothing).
-- Parameters: as in timeline_rows.
-- Columns: measures; new_money_eur and context_money_eur (stated totals left out); deadlines
--   (past events as context left out) and their count per status on as_of (overdue, due_now,
--   upcoming, delivered, context); next_due_by, the end of the earliest window still open or to
--   come.
-- Invariants (tests): sum of measures = count of selected_measures; sum of new_money_eur =
--   the new-money KPI; deadlines = overdue + due_now + upcoming + delivered.
create or replace macro pillar_summary(as_of, pillars, actors, instruments, statuses, q) as table
with sel as (
    select pillar_id, count(*) as measures
    from selected_measures(pillars, actors, instruments, statuses, q)
    group by pillar_id
), money as (
    select pillar_id,
           sum(amount_eur) filter (where money_class = 'new') as new_money_eur,
           sum(amount_eur) filter (where money_class = 'context') as context_money_eur
    from funding_lines(pillars, actors, instruments, statuses, q)
    group by pillar_id
), dl as (
    select pillar_id,
           count(*) filter (where status <> 'context') as deadlines,
           count(*) filter (where status = 'overdue') as overdue,
           count(*) filter (where status = 'due_now') as due_now,
           count(*) filter (where status = 'upcoming') as upcoming,
           count(*) filter (where status = 'delivered') as delivered,
           count(*) filter (where status = 'context') as context,
           min(due_by) filter (where status in ('upcoming', 'due_now')) as next_due_by
    from deadline_status(as_of)
    where (pillars is null or list_contains(pillars, pillar_id))
      and measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q))
    group by pillar_id
)
select p.pillar_id, p.pillar_no, p.name, p.short_name,
       coalesce(sel.measures, 0) as measures,
       coalesce(money.new_money_eur, 0) as new_money_eur,
       coalesce(money.context_money_eur, 0) as context_money_eur,
       coalesce(dl.deadlines, 0) as deadlines,
       coalesce(dl.overdue, 0) as overdue,
       coalesce(dl.due_now, 0) as due_now,
       coalesce(dl.upcoming, 0) as upcoming,
       coalesce(dl.delivered, 0) as delivered,
       coalesce(dl.context, 0) as context,
       dl.next_due_by
from pillars p
left join sel using (pillar_id)
left join money using (pillar_id)
left join dl using (pillar_id)
order by p.pillar_no;
