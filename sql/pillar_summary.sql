-- pillar_summary(w, f): each pillar's measures, new money and commitments by status.
-- Grain: one row per pillar and counted status, as deadline_counts (all pillars, zeros where the
--   filters keep nothing); the pillar's own figures repeat on each of its rows
--   (tracker.queries.pillar_summary turns the statuses into columns).
-- Parameters: as in timeline_rows.
-- Columns: measures (the package's own actions) and background (items quoted as background,
--   shown on request); new_money_eur with new_money_qualifier (sum_qualifier of its lines: 'up_to'
--   when any line is a ceiling) and new_lines; context_figures, how many amounts the texts quote
--   as context (never added up); the columns of deadline_counts (status, status_position,
--   deadlines: how many have that status on (w).as_of, next_due_by); and on every row the same
--   figures of all pillars together (all_measures, all_background, all_new_money_eur with
--   all_new_money_qualifier, the sum_qualifier of every line, all_new_lines, all_context_figures):
--   the overview's headline, from the same selection in the same statement.
-- Invariants (tests): sum of measures + background = count of selected_measures; sum of
--   new_money_eur = all_new_money_eur.
create or replace macro pillar_summary(w, f) as table
with m as (
    select measure_id, pillar_id, status_at_publication
    from selected_measure_lines(f)
), sel as (  -- each pillar's measures, and (every_pillar) those of all pillars together
    select pillar_id, grouping(pillar_id) = 1 as every_pillar,
           count(*) filter (where status_at_publication <> 'context') as measures,
           count(*) filter (where status_at_publication = 'context') as background
    from m group by grouping sets ((pillar_id), ())
), lines as (
    select * from funding_facts  -- funding_lines(...), on the measures selected once (m)
    where ((f).pillars is null or list_contains((f).pillars, pillar_id))
      and ((f).instruments is null or list_contains((f).instruments, instrument))
      and measure_id in (select measure_id from m)
), money as (  -- each pillar's lines, and (every_pillar) those of all pillars together
    select pillar_id, grouping(pillar_id) = 1 as every_pillar,
           coalesce(sum(amount_eur) filter (where money_class = 'new'), 0) as new_money_eur,
           sum_qualifier(if(money_class = 'new', amount_qualifier, null)) as new_money_qualifier,
           count(*) filter (where money_class = 'new') as new_lines,
           count(*) filter (where money_class = 'context') as context_figures
    from lines group by grouping sets ((pillar_id), ())
)
select p.pillar_id, p.pillar_no, p.name, p.short_name,
       coalesce(s.measures, 0) as measures,
       coalesce(s.background, 0) as background,
       coalesce(l.new_money_eur, 0) as new_money_eur,
       coalesce(l.new_money_qualifier, 'exact') as new_money_qualifier,
       coalesce(l.new_lines, 0) as new_lines,
       coalesce(l.context_figures, 0) as context_figures,
       every_s.measures as all_measures, every_s.background as all_background,
       every_l.new_money_eur as all_new_money_eur, every_l.new_money_qualifier as all_new_money_qualifier,
       every_l.new_lines as all_new_lines, every_l.context_figures as all_context_figures,
       dl.status, dl.status_position, dl.deadlines, dl.next_due_by
from pillars p
left join sel s on s.pillar_id = p.pillar_id and not s.every_pillar
left join money l on l.pillar_id = p.pillar_id and not l.every_pillar
join sel every_s on every_s.every_pillar  -- one row, also when nothing is selected
join money every_l on every_l.every_pillar
join deadline_counts(w, f) dl on dl.pillar_id = p.pillar_id
order by p.pillar_no, dl.status_position;
