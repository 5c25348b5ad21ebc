-- pillar_summary(as_of, pillars, actors, instruments, statuses, q): one card per pillar, and the
-- headline figures (their sums).
-- Grain: one row per pillar (all pillars, zeros where the filters keep nothing).
-- Parameters: as in timeline_rows.
-- Columns: measures; new_money_eur and context_money_eur (stated totals left out); deadlines
--   (past events as context left out) and their count per status on as_of (overdue, due_now,
--   upcoming, delivered, context); next_due_by, the end of the earliest window still open or to
--   come; top_new and top_context, the pillar's 10 largest lines of each class (funding_id,
--   amount_eur, source_quote; largest first); next_deadlines, its 8 deadlines due now or next
--   (earliest end first). Merged over the pillars, the lists give the package's largest lines
--   and next deadlines (the first n of a merge of each part's first n).
-- Invariants (tests): sum of measures = count of selected_measures; sum of new_money_eur =
--   the new-money KPI; deadlines = overdue + due_now + upcoming + delivered.
-- The measures are selected once (m) and read by the three parts (one plan to bind, not three).
create or replace macro pillar_summary(as_of, pillars, actors, instruments, statuses, q) as table
with m as (
    select measure_id, pillar_id from selected_measures(pillars, actors, instruments, statuses, q)
), sel as (
    select pillar_id, count(*) as measures from m group by pillar_id
), money as (
    select pillar_id,
           sum(amount_eur) filter (where money_class = 'new') as new_money_eur,
           sum(amount_eur) filter (where money_class = 'context') as context_money_eur,
           min_by({'funding_id': funding_id, 'amount_eur': amount_eur, 'source_quote': source_quote},
                  (-amount_eur, funding_id), 10) filter (where money_class = 'new') as top_new,
           min_by({'funding_id': funding_id, 'amount_eur': amount_eur, 'source_quote': source_quote},
                  (-amount_eur, funding_id), 10) filter (where money_class = 'context') as top_context
    from funding_facts  -- funding_lines(...), on the measures selected once (m)
    where (pillars is null or list_contains(pillars, pillar_id))
      and (instruments is null or list_contains(instruments, instrument))
      and measure_id in (select measure_id from m)
    group by pillar_id
), dl as (
    select pillar_id,
           count(*) filter (where status <> 'context') as deadlines,
           count(*) filter (where status = 'overdue') as overdue,
           count(*) filter (where status = 'due_now') as due_now,
           count(*) filter (where status = 'upcoming') as upcoming,
           count(*) filter (where status = 'delivered') as delivered,
           count(*) filter (where status = 'context') as context,
           min(due_by) filter (where status in ('upcoming', 'due_now')) as next_due_by,
           min_by({'deadline_id': deadline_id, 'measure_id': measure_id, 'pillar': pillar, 'what_due': what_due,
                   'date_text': date_text, 'due_from': due_from, 'due_by': due_by, 'status': status,
                   'source_id': source_id, 'source_quote': source_quote},
                  (due_by, due_from, deadline_id), 8) filter (where status in ('upcoming', 'due_now'))
               as next_deadlines
    from deadline_status(as_of)
    where (pillars is null or list_contains(pillars, pillar_id))
      and measure_id in (select measure_id from m)
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
       dl.next_due_by,
       coalesce(money.top_new, []) as top_new,
       coalesce(money.top_context, []) as top_context,
       coalesce(dl.next_deadlines, []) as next_deadlines
from pillars p
left join sel using (pillar_id)
left join money using (pillar_id)
left join dl using (pillar_id)
order by p.pillar_no;
