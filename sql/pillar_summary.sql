-- pillar_summary(as_of, pillars, actors, instruments, statuses, q): one card per pillar.
-- Grain: one row per pillar (all pillars, zeros where the filters keep nothing).
-- Parameters: as in timeline_rows.
-- Invariants (tests): sum of measures = count of selected_measures; sum of new_money_eur =
--   the new-money KPI.
create or replace macro pillar_summary(as_of, pillars, actors, instruments, statuses, q) as table
with sel as (
    select m.measure_id, m.pillar_id from measures m
    where m.measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q))
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
           min(due_by) filter (where status in ('upcoming', 'due_now')) as next_due_by
    from timeline_rows(as_of, pillars, actors, instruments, statuses, q)
    group by pillar_id
)
select p.pillar_id, p.pillar_no, p.name, p.short_name,
       (select count(*) from sel where sel.pillar_id = p.pillar_id) as measures,
       coalesce(money.new_money_eur, 0) as new_money_eur,
       coalesce(money.context_money_eur, 0) as context_money_eur,
       coalesce(dl.deadlines, 0) as deadlines,
       coalesce(dl.overdue, 0) as overdue,
       dl.next_due_by
from pillars p
left join money using (pillar_id)
left join dl using (pillar_id)
order by p.pillar_no;
